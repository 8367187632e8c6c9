//! The import ID of a request condition: `<resource_id>/<request_condition_id>`.

use tf_provider::{AttributePath, Diagnostics};

use crate::tf::{diag, ids};

/// `<resource_id>/<request_condition_id>`, each part in its ID shape; an error otherwise.
pub(super) fn split_import_id<'a>(
    diags: &mut Diagnostics,
    id: &'a str,
) -> Option<(&'a str, &'a str)> {
    const FORM: &str = "A request condition is imported as \"<resource_id>/<request_condition_id>\", for example \"0oa1b2c3d4e5f6g7h8i9/rcob0oNGTSWTBKOLGLNR\"";
    let Some((resource_id, condition_id)) = id.rsplit_once('/') else {
        diag::error(
            diags,
            "Invalid import ID",
            format!("{FORM}; got \"{}\".", id.escape_debug()),
            AttributePath::root(),
        );
        return None;
    };
    let problem = if !ids::is_resource_id(resource_id) {
        Some(ids::message(
            "resource_id",
            resource_id,
            ids::RESOURCE_SHAPE,
        ))
    } else if !ids::is_okta_id(condition_id) {
        Some(ids::message(
            "request_condition_id",
            condition_id,
            ids::CONDITION_SHAPE,
        ))
    } else {
        None
    };
    if let Some(problem) = problem {
        diag::error(
            diags,
            "Invalid import ID",
            format!("{FORM}; got \"{}\": {problem}", id.escape_debug()),
            AttributePath::root(),
        );
        return None;
    }
    Some((resource_id, condition_id))
}
