//! Attribute behaviour at plan time, declared once per resource — the role HashiCorp's plan
//! modifiers play (`UseStateForUnknown`, `RequiresReplace`, defaults), which tf-provider does
//! not have. A resource declares its attributes' behaviour with [`plan_rules!`]:
//!
//! ```ignore
//! plan_rules!(State {
//!     computed: [id, created],                // unknown on create, prior value kept on update
//!     on_change: [last_updated],              // unknown on create; on update kept unless the
//!                                             // object changes, then unknown
//!     optional_computed: [priority],          // unset in config: unknown on create (Okta
//!                                             // decides), prior value on update
//!     defaults: [status = "INACTIVE"],        // unset in config: this value
//!     replace: [resource_id = same_app],      // replace when changed (RequiresReplace);
//!                                             // `= f`: unless f(planned, prior) says same
//!     replace_when_removed: [description],    // replace when set before and removed now
//!     keep_when_removed: [description],       // unset in config: the prior value is kept
//!                                             // (no longer managed: the plan shows no
//!                                             // change, for an attribute the API cannot clear)
//! });
//! ```
//!
//! Every group is optional, but they come in this order. [`plan_create`] and [`plan_update`]
//! then apply the rules; a resource adds only what no rule says (such as a check against the
//! API). [`schema_mismatches`] keeps the declaration and the schema in step (a unit test per
//! resource calls it).

use tf_provider::schema::{AttributeConstraint, Schema};
use tf_provider::AttributePath;

/// The plan behaviour of a state struct's attributes; implemented by [`plan_rules!`].
pub trait PlanRules: PartialEq {
    /// Attribute names per behaviour (for [`schema_mismatches`]).
    const COMPUTED: &'static [&'static str];
    const OPTIONAL_COMPUTED: &'static [&'static str];
    const REPLACE: &'static [&'static str];
    /// Optional-computed attributes whose prior value stays when the configuration drops them.
    const KEEP_WHEN_REMOVED: &'static [&'static str];

    /// Computed attributes unknown; unset optional-computed ones unknown; defaults.
    fn on_create(planned: &mut Self, config: &Self);

    /// Prior values kept (computed, on-change and unset optional-computed attributes),
    /// defaults applied; returns the attributes whose change requires replacement.
    fn on_update(planned: &mut Self, prior: &Self, config: &Self) -> Vec<AttributePath>;

    /// The on-change attributes unknown: the object changes, so the API will set them anew.
    fn mark_changed(planned: &mut Self);
}

/// The plan for a new object.
pub fn plan_create<S: PlanRules>(proposed: S, config: &S) -> S {
    let mut planned = proposed;
    S::on_create(&mut planned, config);
    planned
}

/// The plan for a change of an existing object, and the attributes that require replacement.
/// On-change attributes become unknown when anything else differs from the prior state.
pub fn plan_update<S: PlanRules>(proposed: S, prior: &S, config: &S) -> (S, Vec<AttributePath>) {
    let mut planned = proposed;
    let replace = S::on_update(&mut planned, prior, config);
    if planned != *prior {
        S::mark_changed(&mut planned);
    }
    (planned, replace)
}

/// Where the declaration and the schema disagree: a computed attribute that the schema does
/// not mark computed, an optional-computed one that is not optional-computed, a replace
/// attribute the schema does not have. One line per problem.
pub fn schema_mismatches<S: PlanRules>(schema: &Schema) -> Vec<String> {
    let attrs = &schema.block.attributes;
    let mut problems = Vec::new();
    let mut expect = |names: &[&str], want: AttributeConstraint, what: &str| {
        for name in names {
            match attrs.get(*name) {
                Some(a) if a.constraint == want => {}
                Some(a) => problems.push(format!(
                    "{name}: declared {what}, schema says {:?}",
                    a.constraint
                )),
                None => problems.push(format!("{name}: declared {what}, not in the schema")),
            }
        }
    };
    expect(S::COMPUTED, AttributeConstraint::Computed, "computed");
    expect(
        S::OPTIONAL_COMPUTED,
        AttributeConstraint::OptionalComputed,
        "optional-computed",
    );
    expect(
        S::KEEP_WHEN_REMOVED,
        AttributeConstraint::OptionalComputed,
        "keep-when-removed (optional-computed)",
    );
    for name in S::REPLACE {
        if !attrs.contains_key(*name) {
            problems.push(format!("{name}: declared replace, not in the schema"));
        }
    }
    problems
}

/// Whether a replace attribute changed: `!=`, or not the same by the function given with `=`.
macro_rules! plan_differs {
    ($a:expr, $b:expr) => {
        $a != $b
    };
    ($a:expr, $b:expr, $same:path) => {
        !$same(&$a, &$b)
    };
}

pub(crate) use plan_differs;

/// The same app, whether written as its ID (`0oa…`) or as its ORN
/// (`orn:okta:idp:<orgId>:apps:<appName>:<appId>`, whose last segment is the ID): switching
/// between the two forms is no reason to replace anything (with `create_before_destroy` the
/// replacement would even be created beside the old object, in the same resource).
pub fn same_app(
    a: &tf_provider::value::Value<String>,
    b: &tf_provider::value::Value<String>,
) -> bool {
    let app = |v: &str| -> String {
        match v.strip_prefix("orn:") {
            Some(rest) => rest.rsplit(':').next().unwrap_or(rest).to_string(),
            None => v.to_string(),
        }
    };
    match (a.as_ref_option(), b.as_ref_option()) {
        (Some(x), Some(y)) => app(x) == app(y),
        _ => a == b,
    }
}

/// The attribute name of a field: the field's own name, or the one given with `as`.
macro_rules! plan_attr_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $name:literal) => {
        $name
    };
}

pub(crate) use plan_attr_name;

/// Declares the plan behaviour of a state struct's attributes; see the module docs.
macro_rules! plan_rules {
    ($state:ty {
        $(computed: [$($c:ident $(as $cn:literal)?),* $(,)?],)?
        $(on_change: [$($oc:ident $(as $ocn:literal)?),* $(,)?],)?
        $(optional_computed: [$($o:ident),* $(,)?],)?
        $(defaults: [$($d:ident = $dv:expr),* $(,)?],)?
        $(replace: [$($r:ident $(= $req:path)?),* $(,)?],)?
        $(replace_when_removed: [$($rr:ident),* $(,)?],)?
        $(keep_when_removed: [$($k:ident),* $(,)?],)?
    }) => {
        impl $crate::tf::plan::PlanRules for $state {
            const COMPUTED: &'static [&'static str] = &[
                $($($crate::tf::plan::plan_attr_name!($c $(, $cn)?),)*)?
                $($($crate::tf::plan::plan_attr_name!($oc $(, $ocn)?),)*)?
            ];
            const OPTIONAL_COMPUTED: &'static [&'static str] = &[$($(stringify!($o),)*)?];
            const REPLACE: &'static [&'static str] =
                &[$($(stringify!($r),)*)? $($(stringify!($rr),)*)?];
            const KEEP_WHEN_REMOVED: &'static [&'static str] = &[$($(stringify!($k),)*)?];

            #[allow(unused_variables)]
            fn on_create(planned: &mut Self, config: &Self) {
                use ::tf_provider::value::Value;
                $($(planned.$c = Value::Unknown;)*)?
                $($(planned.$oc = Value::Unknown;)*)?
                $($(if config.$o.is_null() { planned.$o = Value::Unknown; })*)?
                $($(if config.$d.is_null() { planned.$d = Value::Value($dv.into()); })*)?
            }

            #[allow(unused_variables, unused_mut)]
            fn on_update(
                planned: &mut Self,
                prior: &Self,
                config: &Self,
            ) -> Vec<::tf_provider::AttributePath> {
                $($(planned.$c = prior.$c.clone();)*)?
                $($(planned.$oc = prior.$oc.clone();)*)?
                $($(if config.$o.is_null() { planned.$o = prior.$o.clone(); })*)?
                $($(if config.$k.is_null() { planned.$k = prior.$k.clone(); })*)?
                $($(if config.$d.is_null() {
                    planned.$d = ::tf_provider::value::Value::Value($dv.into());
                })*)?
                let mut replace = Vec::new();
                $($(if $crate::tf::plan::plan_differs!(planned.$r, prior.$r $(, $req)?) {
                    replace.push(::tf_provider::AttributePath::new(stringify!($r)));
                })*)?
                $($(if planned.$rr.is_null() && prior.$rr.is_value() {
                    replace.push(::tf_provider::AttributePath::new(stringify!($rr)));
                })*)?
                replace
            }

            #[allow(unused_variables)]
            fn mark_changed(planned: &mut Self) {
                $($(planned.$oc = ::tf_provider::value::Value::Unknown;)*)?
            }

        }
    };
}

pub(crate) use plan_rules;

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider::value::Value;

    #[derive(Debug, Default, Clone, PartialEq)]
    struct Thing {
        id: Value<String>,
        description: Value<String>,
    }

    plan_rules!(Thing {
        computed: [id],
        keep_when_removed: [description],
    });

    fn thing(description: Value<String>) -> Thing {
        Thing {
            id: Value::Value("t1".into()),
            description,
        }
    }

    /// Dropped from the configuration: the prior value stays and nothing is replaced.
    #[test]
    fn keep_when_removed_keeps_the_prior_value() {
        let prior = thing(Value::Value("Ask Alice".into()));
        let config = Thing::default();
        let (planned, replace) = plan_update(thing(Value::Null), &prior, &config);
        assert_eq!(planned, prior);
        assert!(replace.is_empty());

        // Set in the configuration: followed.
        let config = thing(Value::Value("Ask Bob".into()));
        let (planned, _) = plan_update(config.clone(), &prior, &config);
        assert_eq!(planned.description, Value::Value("Ask Bob".into()));

        // An app's ID and its ORN are the same app.
        let id = Value::Value("0oa1b2c3".to_string());
        let orn = Value::Value("orn:okta:idp:00o1:apps:salesforce:0oa1b2c3".to_string());
        assert!(same_app(&id, &orn) && same_app(&orn, &id) && same_app(&id, &id));
        assert!(!same_app(&id, &Value::Value("0oa9".to_string())));
        assert!(!same_app(&id, &Value::Unknown));

        // Never set: nothing kept; a new object has none.
        let created = plan_create(thing(Value::Null), &Thing::default());
        assert_eq!(created.description, Value::Null);
    }
}
