//! Descriptions of the fields of object-typed attributes, for the generated docs: the doc
//! comments of the objects declared with [`crate::tf::object::tf_object!`], and the few
//! descriptions that depend on where an object stands.

use std::collections::HashMap;

use tf_provider::schema::{Attribute, AttributeType};

use crate::data_sources::request::FieldValueObject;
use crate::data_sources::resource_request_settings::RiskDefaultObject;
use crate::model::request::{ActionObject, ApprovalObject};
use crate::model::settings::{TypeObject, ValidDurationObject, ValidRiskObject};
use crate::resources::request::FieldInput;
use crate::tf::object::{object_type, Member, Role};

/// Descriptions of object fields that depend on the attribute the object is an element of,
/// keyed by `object.field` (the object attribute's name, or the enclosing field's): the same
/// `{ type = … }` object lists different types in each `valid_*` list. They come before the
/// declarations' own. [`super::missing_descriptions`] fails the docs test when an entry is unused.
pub(super) const OBJECT_FIELDS: &[(&str, &str)] = &[
    (
        "valid_access_scope_settings.type",
        "An access scope type: `RESOURCE_DEFAULT`, `GROUPS` or `ENTITLEMENT_BUNDLES`.",
    ),
    (
        "valid_requester_settings.type",
        "A requester type: `EVERYONE`, `GROUPS` or `TEAMS`.",
    ),
    (
        "valid_request_on_behalf_of_settings.type",
        "Whom requesters may request for: `EVERYONE` or `DIRECT_REPORT`.",
    ),
];

/// The members of every object type that appears only as an object (never as a resource's or
/// data source's own attributes or blocks, where the schema describes it).
fn declared() -> Vec<Vec<Member>> {
    vec![
        ApprovalObject::members(),
        ActionObject::members(),
        FieldInput::members(),
        FieldValueObject::members(),
        RiskDefaultObject::members(),
        ValidDurationObject::members(),
        ValidRiskObject::members(),
        TypeObject::members(),
    ]
}

/// The description of `field` in the declared object whose type is `object` (the object's
/// fields and their types, as the schema holds them).
pub(super) fn declared_description(
    object: &HashMap<String, AttributeType>,
    field: &str,
) -> Option<String> {
    declared()
        .into_iter()
        .find(|members| matches!(object_type(members), AttributeType::Object(f) if f == *object))?
        .into_iter()
        .find(|m| m.name == field)
        .and_then(|m| match m.role {
            Role::Attribute(Attribute { description, .. }) => Some(description.content),
            Role::Block(_) => None,
        })
}
