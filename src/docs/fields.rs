//! Descriptions of the fields of object-typed attributes, for the generated docs.

/// Descriptions of object fields that no resource or data source has as an attribute of its
/// own, keyed by `object.field` (the object attribute's name, or the enclosing field's).
/// [`missing_descriptions`] fails the docs test when a field has none, or an entry is unused.
pub(super) const OBJECT_FIELDS: &[(&str, &str)] = &[
    ("actions.action_id", "The action's ID."),
    ("actions.status", "`PENDING` or `COMPLETED`."),
    ("actions.action", "What Okta does: `ASSIGN_APP_TO_USER`, `ADD_USER_TO_GROUP` or `GRANT_ACCESS_TO_ENTITLEMENT_BUNDLE`."),
    ("actions.action_status", "Once attempted: `SUCCEEDED` or `FAILED`."),
    ("actions.action_attempted", "When the action was attempted (RFC 3339)."),
    ("actions.access_removed", "When the access granted by the action was removed (RFC 3339), if it was."),
    ("actions.resource_id", "ID of the resource (app, group or entitlement bundle) acted on."),
    ("actions.resource_name", "Name of the resource acted on."),
    ("actions.resource_type", "Type of the resource acted on."),
    ("approvals.approval_id", "The approval's ID."),
    ("approvals.status", "`PENDING` or `COMPLETED`."),
    ("approvals.approver_id", "Once decided: ID of the user who decided."),
    ("approvals.approver_name", "Once decided: name of the user who decided."),
    ("approvals.decision", "Once decided: `APPROVED` or `DENIED`."),
    ("approvals.decided", "When the approval was decided (RFC 3339)."),
    ("requester_field_values.id", "The requester field's ID (a UUID) in the request type."),
    ("requester_field_values.value", "The answer, 1 to 1000 characters: the text, an RFC 3339 date-time for a `DATE-TIME` field, or the chosen option of a `SELECT` field."),
    ("requester_field_values.prompt", "The field's prompt, as the request type shows it."),
    ("requester_field_values.type", "The field's type: `TEXT`, `SELECT` or `DATE-TIME`."),
    ("requester_field_values.required", "Whether the request type requires an answer."),
    ("default_setting.error", "`INVALID_SEQUENCE` when the approval sequence was deleted; null otherwise."),
    ("valid_access_duration_settings.required", "Whether request conditions of the resource must set an access duration."),
    ("valid_access_duration_settings.maximum_days", "The longest duration in days (`P<n>D`) a condition may set."),
    ("valid_access_duration_settings.maximum_hours", "The longest duration in hours (`PT<n>H`) a condition may set."),
    ("valid_access_duration_settings.maximum_weeks", "The longest duration in weeks (`P<n>W`) a condition may set."),
    ("supported_types.type", "A supported type (see the enclosing attribute for the values)."),
    ("valid_access_duration_settings.supported_types", "The duration types conditions may use: `ADMIN_FIXED_DURATION`, `REQUESTER_SPECIFIED_DURATION` (sorted by `type`)."),
    ("valid_risk_settings.supported_types", "`{ type = \"DEFAULT_SETTING\" }` when `risk_settings` may be set; empty otherwise."),
    ("valid_access_scope_settings.type", "An access scope type: `RESOURCE_DEFAULT`, `GROUPS` or `ENTITLEMENT_BUNDLES`."),
    ("valid_requester_settings.type", "A requester type: `EVERYONE`, `GROUPS` or `TEAMS`."),
    ("valid_request_on_behalf_of_settings.type", "Whom requesters may request for: `EVERYONE` or `DIRECT_REPORT`."),
];
