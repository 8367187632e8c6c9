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
//!     replace: [resource_id],                 // replace when changed (RequiresReplace)
//!     replace_when_removed: [description],    // replace when set before and removed now
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
    for name in S::REPLACE {
        if !attrs.contains_key(*name) {
            problems.push(format!("{name}: declared replace, not in the schema"));
        }
    }
    problems
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
        $(replace: [$($r:ident),* $(,)?],)?
        $(replace_when_removed: [$($rr:ident),* $(,)?],)?
    }) => {
        impl $crate::tf::plan::PlanRules for $state {
            const COMPUTED: &'static [&'static str] = &[
                $($($crate::tf::plan::plan_attr_name!($c $(, $cn)?),)*)?
                $($($crate::tf::plan::plan_attr_name!($oc $(, $ocn)?),)*)?
            ];
            const OPTIONAL_COMPUTED: &'static [&'static str] = &[$($(stringify!($o),)*)?];
            const REPLACE: &'static [&'static str] =
                &[$($(stringify!($r),)*)? $($(stringify!($rr),)*)?];

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
                $($(if config.$d.is_null() {
                    planned.$d = ::tf_provider::value::Value::Value($dv.into());
                })*)?
                let mut replace = Vec::new();
                $($(if planned.$r != prior.$r {
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
