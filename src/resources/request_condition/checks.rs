//! Plan-time checks of a request condition: the configuration alone ([`validate_config`]) and
//! against the resource's request settings ([`check_against_settings`]).

use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use super::State;
use crate::client::settings::ResourceRequestSettings;
use crate::model::condition::{OktaIds, REQUESTER_TYPES, SCOPE_TYPES, STATUSES};
use crate::model::settings::{allowed_type, check_duration_against, kinds};
use crate::tf::value::{known, StringSet};
use crate::tf::{diag, ids, validate};

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

/// Plan-time checks of what the configuration says; unknown values are skipped.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
    if let Some(r) = known(&c.resource_id) {
        ids::resource_id(diags, p("resource_id"), r);
    }
    if let Some(name) = known(&c.name) {
        validate::length(diags, p("name"), "name", name, 1, 255);
    }
    if let Some(d) = known(&c.description) {
        validate::length(diags, p("description"), "description", d, 1, 2000);
    }
    if let Some(a) = known(&c.approval_sequence_id) {
        if a.chars().count() != 24 {
            diag::error(
                diags,
                "Invalid length for approval_sequence_id",
                format!("approval_sequence_id must be exactly 24 characters long; got {} characters (\"{a}\").", a.chars().count()),
                p("approval_sequence_id"),
            );
        }
    }
    if let Some(n) = c.priority.as_ref_option() {
        validate::whole_number(diags, p("priority"), "priority", *n, 0, 100);
    }
    if let Some(st) = known(&c.status) {
        validate::one_of(diags, p("status"), "status", st, STATUSES);
    }
    if let Some(r) = c.requester_settings.as_ref_option() {
        check_typed_ids(
            diags,
            TypedIds {
                block: "requester_settings",
                kind: &r.kind,
                okta: &r.ids,
                types: REQUESTER_TYPES,
                no_ids: "EVERYONE",
                lists: [
                    ("GROUPS", "group_ids", &r.group_ids),
                    ("TEAMS", "team_ids", &r.team_ids),
                ],
                group_ids: &r.group_ids,
            },
        );
    }
    if let Some(a) = c.access_scope_settings.as_ref_option() {
        check_typed_ids(
            diags,
            TypedIds {
                block: "access_scope_settings",
                kind: &a.kind,
                okta: &a.ids,
                types: SCOPE_TYPES,
                no_ids: "RESOURCE_DEFAULT",
                lists: [
                    ("GROUPS", "group_ids", &a.group_ids),
                    (
                        "ENTITLEMENT_BUNDLES",
                        "entitlement_bundle_ids",
                        &a.entitlement_bundle_ids,
                    ),
                ],
                group_ids: &a.group_ids,
            },
        );
    }
    if let Some(d) = c.access_duration_settings.as_ref_option() {
        d.validate(
            diags,
            p("access_duration_settings").index(0),
            "access_duration_settings",
        );
    }
}

/// A requester or access scope block as configured: a `type` that names the ID list it needs
/// (`lists`: type, attribute, the IDs set there; `no_ids` is the type that takes none),
/// okta/okta's `ids` blocks, and the group IDs that must look like Okta group IDs.
struct TypedIds<'a> {
    block: &'static str,
    kind: &'a Value<String>,
    okta: &'a OktaIds,
    types: &'static [&'static str],
    no_ids: &'static str,
    lists: [(&'static str, &'static str, &'a StringSet); 2],
    group_ids: &'a StringSet,
}

/// The checks of a requester or access scope block: okta/okta's `ids` blocks answered with the
/// attribute to write instead; a known `type` among the allowed ones and, unless `ids` blocks
/// were already reported, the ID list it names set (and the others not); group IDs' shape.
fn check_typed_ids(diags: &mut Diagnostics, b: TypedIds) {
    let base = || p(b.block);
    let choices = b.lists.map(|(for_type, attr, _)| (for_type, attr));
    let okta = okta_ids(
        diags,
        base,
        b.block,
        known(b.kind),
        b.okta,
        &choices,
        b.no_ids,
    );
    if let Some(kind) = known(b.kind) {
        let name = format!("{}.type", b.block);
        if validate::one_of(diags, base().attribute("type"), &name, kind, b.types) && !okta {
            ids_for_type(diags, base, b.block, kind, &b.lists);
        }
    }
    ids::okta_id_set(
        diags,
        base().attribute("group_ids"),
        &format!("{}.group_ids", b.block),
        b.group_ids,
        ids::OktaKind::Group,
    );
}

/// okta/okta's `ids { id = "…" }` blocks in `block`: an error on the first of them that names
/// the attribute to write instead (chosen by the block's `type`: `choices` maps each type to its
/// attribute; type `no_ids` takes none) with a one-line example holding the IDs written. Returns whether there were any
/// (the "missing group_ids" error would then only repeat it).
fn okta_ids(
    diags: &mut Diagnostics,
    base: impl Fn() -> AttributePath,
    block: &str,
    kind: Option<&str>,
    ids: &OktaIds,
    choices: &[(&str, &str)],
    no_ids: &str,
) -> bool {
    let Some(list) = ids.as_ref_option().filter(|l| !l.is_empty()) else {
        return false;
    };
    let written: Vec<String> = list
        .iter()
        .filter_map(|i| i.as_ref_option().and_then(|i| known(&i.id)))
        .map(|id| format!("\"{}\"", id.escape_debug()))
        .collect();
    let values = if written.is_empty() {
        "\"…\"".to_string()
    } else {
        written.join(", ")
    };
    let form = format!("`ids {{ id = … }}` blocks are okta/okta's form (okta_request_condition); oig_request_condition takes the IDs of {block} as a set attribute chosen by its type.");
    let (summary, detail) = match choices.iter().find(|(t, _)| Some(*t) == kind) {
        Some((_, attr)) => (
            format!("Use {block}.{attr} instead of ids blocks"),
            format!("{form} Replace the ids blocks with:\n  {attr} = [{values}]"),
        ),
        None => {
            let (first_type, first) = choices.first().copied().unwrap_or(("GROUPS", "group_ids"));
            let example = format!("  type = \"{first_type}\"\n  {first} = [{values}]");
            match kind {
                Some(k) if k == no_ids => (
                    format!("Remove the ids blocks: {block}.type \"{k}\" takes no IDs"),
                    format!("{form} With type \"{k}\" it takes none; to name IDs, write for example:\n{example}"),
                ),
                _ => {
                    let options = choices
                        .iter()
                        .map(|(t, a)| format!("{a} (type = \"{t}\")"))
                        .collect::<Vec<_>>()
                        .join(" or ");
                    (
                        format!("Use {block}.{first} or another ID attribute instead of ids blocks"),
                        format!("{form} Write {options} instead of the ids blocks, for example:\n{example}"),
                    )
                }
            }
        }
    };
    // The first block's `id`: Terraform shows that line (a path that ends at the block, with
    // several of them, finds no source range).
    let path = base().attribute("ids").index(0).attribute("id");
    diag::error(diags, summary, detail, path);
    true
}

/// For a block whose `type` selects one ID list: that list is required (non-empty) for its
/// type and not allowed for any other.
fn ids_for_type(
    diags: &mut Diagnostics,
    base: impl Fn() -> AttributePath,
    block: &str,
    kind: &str,
    lists: &[(&str, &'static str, &StringSet)],
) {
    for (for_type, attr, value) in lists {
        let set = !value.is_null();
        let empty = value.as_ref_option().is_some_and(|s| s.is_empty());
        if kind == *for_type && (!set || empty) {
            diag::error(
                diags,
                format!("Missing {block}.{attr}"),
                format!(
                    "{block}.{attr} must list at least one ID when {block}.type is \"{for_type}\"."
                ),
                base().attribute(*attr),
            );
        } else if kind != *for_type && set {
            diag::error(
                diags,
                format!("{block}.{attr} is not allowed here"),
                format!("{block}.{attr} is only allowed when {block}.type is \"{for_type}\"; {block}.type is \"{kind}\"."),
                base().attribute(*attr),
            );
        }
    }
}

/// Plan-time checks against what the resource's request settings allow.
pub fn check_against_settings(
    diags: &mut Diagnostics,
    c: &State,
    resource_id: &str,
    settings: &ResourceRequestSettings,
) {
    if let Some(r) = c.requester_settings.as_ref_option() {
        allowed_type(
            diags,
            p("requester_settings").attribute("type"),
            "requester_settings.type",
            &r.kind,
            &settings.valid_requester_settings,
            resource_id,
        );
    }
    if let Some(a) = c.access_scope_settings.as_ref_option() {
        allowed_type(
            diags,
            p("access_scope_settings").attribute("type"),
            "access_scope_settings.type",
            &a.kind,
            &settings.valid_access_scope_settings,
            resource_id,
        );
    }
    let valid = &settings.valid_access_duration_settings;
    match &*c.access_duration_settings {
        Value::Null if valid.required => {
            let supported = kinds(&valid.supported_types);
            diag::error(
                diags,
                "Missing access_duration_settings",
                format!(
                    "access_duration_settings is required for resource {resource_id}: add the block with type {}.",
                    validate::quoted_list(&supported)
                ),
                p("access_duration_settings"),
            );
        }
        Value::Value(d) => check_duration_against(
            diags,
            d,
            p("access_duration_settings").index(0),
            "access_duration_settings",
            valid,
            resource_id,
        ),
        _ => {}
    }
}
