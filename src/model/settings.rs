//! A resource's request settings as Terraform shows them, shared by the resource and the data
//! source `oig_resource_request_settings` and by the condition resource's plan-time checks:
//! the `valid_*` type lists and objects, the request-on-behalf-of block, the duration limits a
//! resource sets, and their converters from the client's models.

use tf_provider::value::Value;

use crate::client::settings::{
    RequestOnBehalfOfSettings, ResourceRequestSettings, TypeItem, ValidAccessDurationSettings,
};
use tf_provider::{AttributePath, Diagnostics};

use crate::model::condition::DurationBlock;
use crate::tf::object::tf_object;
use crate::tf::value::{id_set, known, string, StringSet};
use crate::tf::{diag, validate};

pub const SUBMISSION_TYPES: &[&str] = &[
    "RESTRICTED",
    "ALLOWED_WITH_OVERRIDES",
    "ALLOWED_WITH_NO_OVERRIDES",
];
pub const ON_BEHALF_OF_TYPES: &[&str] = &["DIRECT_REPORT"];

tf_object! {
    /// `{ type = "…" }`, an element of the `valid_*` lists.
    pub struct TypeObject: Eq, PartialOrd, Ord {
        /// A supported type (see the enclosing attribute for the values).
        kind as "type": Value<String> => computed,
    }
}

pub type TypeList = Value<Vec<Value<TypeObject>>>;

tf_object! {
    pub struct ValidDurationObject {
        /// Whether request conditions of the resource must set an access duration.
        required: Value<bool> => computed,
        /// The longest duration in days (`P<n>D`) a condition may set.
        maximum_days: Value<f64> => computed,
        /// The longest duration in hours (`PT<n>H`) a condition may set.
        maximum_hours: Value<f64> => computed,
        /// The longest duration in weeks (`P<n>W`) a condition may set.
        maximum_weeks: Value<f64> => computed,
        /// The duration types conditions may use: `ADMIN_FIXED_DURATION`, `REQUESTER_SPECIFIED_DURATION` (sorted by `type`).
        supported_types: TypeList => computed,
    }
}

tf_object! {
    pub struct ValidRiskObject {
        /// `{ type = "DEFAULT_SETTING" }` when `risk_settings` may be set; empty otherwise.
        supported_types: TypeList => computed,
    }
}

tf_object! {
    /// `request_on_behalf_of_settings`: a block in the resource, an object in the data source.
    pub struct OnBehalfOfBlock: Eq, PartialOrd, Ord {
        /// `true` lets requesters request on behalf of others; `false` turns it off (Okta then has no request-on-behalf-of settings).
        allowed: Value<bool> => required,
        /// Limits whom requesters may request for: `DIRECT_REPORT` (their direct reports). Unset means anyone. Only with `allowed = true`.
        only_for: StringSet => optional,
    }
}

/// Declares the state struct of the resource or the data source `oig_resource_request_settings`
/// with [`tf_object!`]: its own fields, then the five computed `valid_*` attributes both have,
/// with `valid()` and `set_valid()` to move them as one [`Valid`].
macro_rules! settings_struct {
    ($(#[doc = $sdoc:literal])* pub struct $name:ident { $($fields:tt)* }) => {
        $crate::tf::object::tf_object! {
            $(#[doc = $sdoc])*
            pub struct $name {
                $($fields)*
                /// The access scope types request conditions of this resource may use, as `{ type = … }` objects: `RESOURCE_DEFAULT`, `GROUPS`, `ENTITLEMENT_BUNDLES`. Sorted by `type` (Okta returns them in no fixed order).
                valid_access_scope_settings: $crate::model::settings::TypeList => computed,
                /// The requester types request conditions of this resource may use, as `{ type = … }` objects: `EVERYONE`, `GROUPS`, `TEAMS`. Sorted by `type` (Okta returns them in no fixed order).
                valid_requester_settings: $crate::model::settings::TypeList => computed,
                /// The access durations request conditions may set: whether one is `required`, the `maximum_days`, `maximum_hours` and `maximum_weeks` a duration may use, and the `supported_types` (`ADMIN_FIXED_DURATION`, `REQUESTER_SPECIFIED_DURATION`), sorted by `type`.
                valid_access_duration_settings: ::tf_provider::value::Value<$crate::model::settings::ValidDurationObject> => computed,
                /// The risk settings the resource supports: `supported_types` lists `{ type = "DEFAULT_SETTING" }` when `risk_settings` may be set (sorted by `type`).
                valid_risk_settings: ::tf_provider::value::Value<$crate::model::settings::ValidRiskObject> => computed,
                /// Whom requesters may request on behalf of, as `{ type = … }` objects: `EVERYONE` (anyone) and `DIRECT_REPORT`. Sorted by `type` (Okta returns them in no fixed order). Okta accepts `request_on_behalf_of_settings.allowed = true` even when this list is empty.
                valid_request_on_behalf_of_settings: $crate::model::settings::TypeList => computed,
            }
        }

        impl $name {
            /// The five `valid_*` attributes.
            pub fn valid(&self) -> $crate::model::settings::Valid {
                $crate::model::settings::Valid {
                    access_scope: self.valid_access_scope_settings.clone(),
                    requester: self.valid_requester_settings.clone(),
                    access_duration: self.valid_access_duration_settings.clone(),
                    risk: self.valid_risk_settings.clone(),
                    request_on_behalf_of: self.valid_request_on_behalf_of_settings.clone(),
                }
            }

            /// Sets the five `valid_*` attributes.
            pub fn set_valid(&mut self, v: $crate::model::settings::Valid) {
                self.valid_access_scope_settings = v.access_scope;
                self.valid_requester_settings = v.requester;
                self.valid_access_duration_settings = v.access_duration;
                self.valid_risk_settings = v.risk;
                self.valid_request_on_behalf_of_settings = v.request_on_behalf_of;
            }
        }
    };
}
pub(crate) use settings_struct;

/// The five `valid_*` attributes, as one value: what a resource's request conditions (and its
/// risk and on-behalf-of settings) may contain.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Valid {
    pub access_scope: TypeList,
    pub requester: TypeList,
    pub access_duration: Value<ValidDurationObject>,
    pub risk: Value<ValidRiskObject>,
    pub request_on_behalf_of: TypeList,
}

impl Valid {
    pub fn from_api(api: &ResourceRequestSettings) -> Valid {
        Valid {
            access_scope: type_list(&api.valid_access_scope_settings),
            requester: type_list(&api.valid_requester_settings),
            access_duration: Value::Value(valid_duration_object(
                &api.valid_access_duration_settings,
            )),
            risk: Value::Value(valid_risk_object(api)),
            request_on_behalf_of: type_list(&api.valid_request_on_behalf_of_settings),
        }
    }

    /// All five unknown (plan time, before the settings can be read).
    pub fn unknown() -> Valid {
        Valid {
            access_scope: Value::Unknown,
            requester: Value::Unknown,
            access_duration: Value::Unknown,
            risk: Value::Unknown,
            request_on_behalf_of: Value::Unknown,
        }
    }

    /// The lists in canonical order (state written by an earlier version may hold the API's).
    pub fn sorted(mut self) -> Valid {
        self.access_scope = sorted_type_list(&self.access_scope);
        self.requester = sorted_type_list(&self.requester);
        self.request_on_behalf_of = sorted_type_list(&self.request_on_behalf_of);
        if let Value::Value(d) = &mut self.access_duration {
            d.supported_types = sorted_type_list(&d.supported_types);
        }
        if let Value::Value(r) = &mut self.risk {
            r.supported_types = sorted_type_list(&r.supported_types);
        }
        self
    }
}

/// The `type` of each `{ "type": … }` item of a `valid*` list, sorted (Okta's order changes from
/// call to call; messages that list them should not).
pub fn kinds(items: &[TypeItem]) -> Vec<&str> {
    let mut k: Vec<&str> = items.iter().map(|t| t.kind.as_str()).collect();
    k.sort_unstable();
    k
}

/// The duration limits a resource's `validAccessDurationSettings` set, Okta's where it sets none.
pub fn limits_of(valid: &ValidAccessDurationSettings) -> validate::DurationLimits {
    let okta = validate::DurationLimits::OKTA;
    validate::DurationLimits {
        weeks: valid.maximum_weeks.unwrap_or(okta.weeks),
        days: valid.maximum_days.unwrap_or(okta.days),
        hours: valid.maximum_hours.unwrap_or(okta.hours),
    }
}

/// A `valid*` list as state holds it: sorted by `type`. Okta returns these lists in a new order
/// on every call; they are sets in meaning, and sorting them here, where API values become
/// Terraform values, keeps plans and state stable.
pub fn type_list(items: &[TypeItem]) -> TypeList {
    Value::Value(
        kinds(items)
            .into_iter()
            .map(|k| Value::Value(TypeObject { kind: string(k) }))
            .collect(),
    )
}

/// A `valid*` list from state, sorted as [`type_list`] sorts.
pub fn sorted_type_list(list: &TypeList) -> TypeList {
    match list {
        Value::Value(items) => {
            let mut items = items.clone();
            items.sort_by(|a, b| {
                let kind = |v: &Value<TypeObject>| {
                    v.as_ref_option()
                        .and_then(|t| t.kind.as_ref_option())
                        .cloned()
                };
                kind(a).cmp(&kind(b))
            });
            Value::Value(items)
        }
        other => other.clone(),
    }
}

pub fn valid_duration_object(v: &ValidAccessDurationSettings) -> ValidDurationObject {
    let num = |n: Option<f64>| n.map(Value::Value).unwrap_or(Value::Null);
    ValidDurationObject {
        required: Value::Value(v.required),
        maximum_days: num(v.maximum_days),
        maximum_hours: num(v.maximum_hours),
        maximum_weeks: num(v.maximum_weeks),
        supported_types: type_list(&v.supported_types),
    }
}

pub fn valid_risk_object(api: &ResourceRequestSettings) -> ValidRiskObject {
    ValidRiskObject {
        supported_types: type_list(
            api.valid_risk_settings
                .as_ref()
                .map(|v| v.supported_types.as_slice())
                .unwrap_or(&[]),
        ),
    }
}

pub fn on_behalf_block(api: Option<&RequestOnBehalfOfSettings>) -> OnBehalfOfBlock {
    match api {
        Some(o) if o.allowed => OnBehalfOfBlock {
            allowed: Value::Value(true),
            only_for: id_set(o.only_for.iter().flatten().map(String::as_str)),
        },
        _ => OnBehalfOfBlock {
            allowed: Value::Value(false),
            only_for: Value::Null,
        },
    }
}

/// A configured `type` among the types a resource allows (`valid`, from its request settings),
/// or an error at `path` that names them (`name` is the attribute in messages).
pub fn allowed_type(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &Value<String>,
    valid: &[TypeItem],
    resource_id: &str,
) {
    let Some(v) = known(value) else { return };
    let valid = kinds(valid);
    if valid.contains(&v) {
        return;
    }
    let allowed = if valid.is_empty() {
        "it allows none (access requests are not set up for this resource)".to_string()
    } else {
        format!("it allows {}", validate::quoted_list(&valid))
    };
    diag::error(
        diags,
        format!("{name} not allowed for this resource"),
        format!("{name} \"{v}\" is not allowed for resource {resource_id}: {allowed}."),
        path,
    );
}

/// A configured duration block at `path` (`name` in messages) checked against a resource's
/// `validAccessDurationSettings`: a type it supports, a duration within its limits. Serves a
/// condition's `access_duration_settings` and the risk settings' default one.
pub fn check_duration_against(
    diags: &mut Diagnostics,
    d: &DurationBlock,
    path: AttributePath,
    name: &str,
    valid: &ValidAccessDurationSettings,
    resource_id: &str,
) {
    allowed_type(
        diags,
        path.clone().attribute("type"),
        &format!("{name}.type"),
        &d.kind,
        &valid.supported_types,
        resource_id,
    );
    if let Some(v) = known(&d.duration) {
        validate::access_duration(
            diags,
            path.attribute("duration"),
            &format!("{name}.duration"),
            v,
            limits_of(valid),
            &format!("the limit of resource {resource_id}"),
        );
    }
}

/// `resource_id` is required; `id` only repeats it. okta/okta's `okta_request_setting_resource`
/// (resource and data source) names the app with `id`, so a configuration written in its shape
/// gets the attribute to use instead of Terraform's generic message. An `id` equal to
/// `resource_id` is accepted: `terraform plan -generate-config-out` writes both.
pub fn resource_id_not_id(
    diags: &mut Diagnostics,
    type_name: &str,
    id: &Value<String>,
    resource_id: &Value<String>,
) {
    match (id, resource_id) {
        (Value::Null, Value::Null) => diag::error(
            diags,
            "Missing required argument resource_id",
            "The argument \"resource_id\" is required: the resource (app) whose request settings to use, as an Okta ID (\"0oa…\") or an ORN.",
            AttributePath::root(),
        ),
        (Value::Null, _) => {}
        (id, Value::Null) => diag::error(
            diags,
            "Use resource_id instead of id",
            format!(
                "{type_name} names the resource (app) with resource_id: write resource_id = \"{}\" instead of id (okta/okta's id is this provider's resource_id; id here only repeats it).",
                known(id).unwrap_or("0oa…")
            ),
            AttributePath::new("id"),
        ),
        (Value::Value(id), Value::Value(r)) if id != r => diag::error(
            diags,
            "id differs from resource_id",
            format!("id only repeats resource_id (okta/okta's id is this provider's resource_id): remove id = \"{id}\" and keep resource_id = \"{r}\"."),
            AttributePath::new("id"),
        ),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(kinds: &[&str]) -> Vec<TypeItem> {
        kinds
            .iter()
            .map(|k| TypeItem {
                kind: k.to_string(),
            })
            .collect()
    }

    /// A duration block is held to the resource's supported types and limits, whichever block
    /// it is (a condition's, or the risk settings' default one).
    #[test]
    fn durations_are_held_to_the_resource_settings() {
        let valid = ValidAccessDurationSettings {
            required: false,
            maximum_days: Some(30.0),
            maximum_hours: Some(72.0),
            maximum_weeks: Some(4.0),
            supported_types: items(&["REQUESTER_SPECIFIED_DURATION"]),
        };
        let block = |kind: &str, duration: &str| DurationBlock {
            kind: string(kind),
            duration: string(duration),
        };
        let name = "risk_settings.default_setting.access_duration_settings";
        let errors = |d: DurationBlock| {
            let mut diags = Diagnostics::default();
            check_duration_against(
                &mut diags,
                &d,
                AttributePath::new("x"),
                name,
                &valid,
                "0oa1",
            );
            diags
                .errors
                .iter()
                .map(|e| e.detail.clone())
                .collect::<Vec<_>>()
        };
        assert!(errors(block("REQUESTER_SPECIFIED_DURATION", "P30D")).is_empty());
        let wrong_type = errors(block("ADMIN_FIXED_DURATION", "P2D"));
        assert_eq!(wrong_type.len(), 1, "{wrong_type:?}");
        assert!(wrong_type[0].contains(&format!("{name}.type \"ADMIN_FIXED_DURATION\" is not allowed for resource 0oa1: it allows \"REQUESTER_SPECIFIED_DURATION\"")), "{wrong_type:?}");
        let too_long = errors(block("REQUESTER_SPECIFIED_DURATION", "P45D"));
        assert_eq!(too_long.len(), 1, "{too_long:?}");
        assert!(
            too_long[0].contains("(the limit of resource 0oa1)"),
            "{too_long:?}"
        );
    }

    /// Okta's `valid*` lists come in any order; state holds them sorted, so two reads in
    /// different orders make the same state.
    #[test]
    fn valid_lists_are_sorted_whatever_the_api_order() {
        let a = type_list(&items(&[
            "RESOURCE_DEFAULT",
            "ENTITLEMENT_BUNDLES",
            "GROUPS",
        ]));
        let b = type_list(&items(&[
            "GROUPS",
            "RESOURCE_DEFAULT",
            "ENTITLEMENT_BUNDLES",
        ]));
        assert_eq!(a, b);
        assert_eq!(
            a,
            type_list(&items(&[
                "ENTITLEMENT_BUNDLES",
                "GROUPS",
                "RESOURCE_DEFAULT"
            ]))
        );
        assert_eq!(
            kinds(&items(&["GROUPS", "EVERYONE"])),
            ["EVERYONE", "GROUPS"]
        );
        // State written in the API's order is put in order.
        let v = Valid {
            requester: Value::Value(vec![
                Value::Value(TypeObject {
                    kind: string("GROUPS"),
                }),
                Value::Value(TypeObject {
                    kind: string("EVERYONE"),
                }),
            ]),
            ..Valid::default()
        };
        assert_eq!(
            v.sorted().requester,
            type_list(&items(&["EVERYONE", "GROUPS"]))
        );
    }
}
