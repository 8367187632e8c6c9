//! A block dropped from the configuration: the apply puts back what Okta had before Terraform
//! adopted the settings (kept in private state), as destroy does for the whole resource, and
//! the plan says so in a warning. Terraform plans a dropped block as gone (a block's planned
//! value must follow the configuration), so "no change" cannot be shown: the plan shows the
//! block leaving, and the warning says which value Okta will hold afterwards.

use tf_provider::{AttributePath, Diagnostics};

use super::{Adopted, State};
use crate::client::settings::{RequestOnBehalfOfSettings, ResourceSettingsPatch, RiskSettings};
use crate::tf::diag;

/// What the apply does for the dropped blocks: the PATCH that restores them, and one
/// (summary, detail) per dropped block saying what Okta holds afterwards.
#[derive(Debug, Default)]
pub struct Removal {
    pub patch: ResourceSettingsPatch,
    pub notes: Vec<(String, String)>,
}

/// The blocks `prior` manages and `planned` no longer does. `adopted` is the private state:
/// `None` when Terraform has no record of the settings before adoption (state written by an
/// older version), and then Okta's value is left as it is.
pub fn removed_blocks(
    resource_id: &str,
    prior: &State,
    planned: &State,
    adopted: Option<&Adopted>,
) -> Removal {
    let mut r = Removal::default();
    if prior.request_on_behalf_of_settings.is_value()
        && planned.request_on_behalf_of_settings.is_null()
    {
        let summary = "request_on_behalf_of_settings removed from the configuration".to_string();
        match adopted {
            Some(a) => {
                let before: Option<RequestOnBehalfOfSettings> = a
                    .prior_request_on_behalf_of_settings
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok());
                r.notes.push((summary, format!(
                    "The apply restores the request-on-behalf-of settings resource {resource_id} had before Terraform adopted them: {}. Terraform then no longer manages them (destroying the resource would restore the same value).",
                    on_behalf_text(before.as_ref())
                )));
                r.patch.request_on_behalf_of_settings = Some(before);
            }
            None => r.notes.push((summary, format!(
                "Terraform has no record of resource {resource_id}'s request-on-behalf-of settings before it adopted them, so the apply leaves Okta's value as it is ({}) and no longer manages it.",
                on_behalf_text(prior_on_behalf(prior).as_ref())
            ))),
        }
    }
    if prior.risk_settings.is_value() && planned.risk_settings.is_null() {
        let summary = "risk_settings removed from the configuration".to_string();
        let before: Option<RiskSettings> = adopted
            .and_then(|a| a.prior_risk_settings.as_deref())
            .and_then(|j| serde_json::from_str(j).ok());
        match before {
            Some(before) => {
                r.notes.push((summary, format!(
                    "The apply restores the risk settings resource {resource_id} had before Terraform adopted them: {}. Terraform then no longer manages them (destroying the resource would restore the same value).",
                    risk_text(&before)
                )));
                r.patch.risk_settings = Some(before);
            }
            None => r.notes.push((summary, format!(
                "Okta's API cannot remove risk settings{}, so the apply leaves them as they are ({}) and Terraform no longer manages them. Change them in the Admin Console if needed.",
                if adopted.is_some() { " and the resource had none before Terraform adopted them" } else { "" },
                prior_risk_text(prior)
            ))),
        }
    }
    r
}

/// The plan-time warnings for [`Removal::notes`].
pub fn warn(diags: &mut Diagnostics, removal: &Removal) {
    for (summary, detail) in &removal.notes {
        diag::warning(
            diags,
            summary.clone(),
            detail.clone(),
            AttributePath::root(),
        );
    }
}

fn prior_on_behalf(prior: &State) -> Option<RequestOnBehalfOfSettings> {
    let o = prior.request_on_behalf_of_settings.as_ref_option()?;
    (o.allowed.as_ref_option() == Some(&true)).then(|| RequestOnBehalfOfSettings {
        allowed: true,
        only_for: Some(crate::tf::value::set_strings(&o.only_for)).filter(|v| !v.is_empty()),
    })
}

fn on_behalf_text(o: Option<&RequestOnBehalfOfSettings>) -> String {
    match o {
        None => "none, so request on behalf of is turned off (allowed = false)".into(),
        Some(o) => match o.only_for.as_deref() {
            Some(f) if !f.is_empty() => format!("allowed = true, only_for = {f:?}"),
            _ => "allowed = true, for anyone".into(),
        },
    }
}

fn risk_text(r: &RiskSettings) -> String {
    let d = &r.default_setting;
    let mut s = format!("request_submission_type = {:?}", d.request_submission_type);
    if let Some(a) = &d.approval_sequence_id {
        s.push_str(&format!(", approval_sequence_id = {a:?}"));
    }
    if let Some(ads) = &d.access_duration_settings {
        s.push_str(&format!(
            ", access_duration_settings {{ type = {:?}, duration = {:?} }}",
            ads.kind,
            ads.value().unwrap_or_default()
        ));
    }
    s
}

fn prior_risk_text(prior: &State) -> String {
    let d = prior
        .risk_settings
        .as_ref_option()
        .and_then(|r| r.default_setting.as_ref_option());
    match d.and_then(|d| d.request_submission_type.as_ref_option()) {
        Some(t) => format!("request_submission_type = {t:?}"),
        None => "as Terraform last set them".into(),
    }
}
