//! Request conditions v2: `/governance/api/v2/resources/{resourceId}/request-conditions`.

use reqwest::header::HeaderMap;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use std::sync::Arc;
use std::time::{Duration, Instant, UNIX_EPOCH};

use super::requests::parse_rfc3339;
use super::{conflict_backoff, path_segment, ApiError, Call, Client, CONFLICT_PATIENCE};

/// A reference to another Okta object: `{"id": "00g…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdRef {
    pub id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequesterSettings {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<IdRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<IdRef>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessScopeSettings {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<IdRef>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entitlement_bundles: Option<Vec<IdRef>>,
}

/// Access duration: the OpenAPI file sends `duration` for `ADMIN_FIXED_DURATION` and
/// `maximumDuration` for `REQUESTER_SPECIFIED_DURATION`; the reference pages show `duration` for
/// both. Both are read; [`AccessDurationSettings::to_api`] writes the OpenAPI form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessDurationSettings {
    #[serde(rename = "type", default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<String>,
}

pub const ADMIN_FIXED_DURATION: &str = "ADMIN_FIXED_DURATION";
pub const REQUESTER_SPECIFIED_DURATION: &str = "REQUESTER_SPECIFIED_DURATION";

impl AccessDurationSettings {
    /// The duration, whichever field carried it.
    pub fn value(&self) -> Option<&str> {
        match self.kind.as_str() {
            REQUESTER_SPECIFIED_DURATION => self
                .maximum_duration
                .as_deref()
                .or(self.duration.as_deref()),
            _ => self
                .duration
                .as_deref()
                .or(self.maximum_duration.as_deref()),
        }
    }

    pub fn new(kind: &str, duration: &str) -> Self {
        AccessDurationSettings {
            kind: kind.to_string(),
            duration: Some(duration.to_string()),
            maximum_duration: None,
        }
    }

    /// The form the provider writes: the duration in the field the OpenAPI file names for the
    /// type (`maximumDuration` for `REQUESTER_SPECIFIED_DURATION`, else `duration`).
    pub fn api_form(&self) -> AccessDurationSettings {
        let value = self.value().map(str::to_string);
        let requester = self.kind == REQUESTER_SPECIFIED_DURATION;
        AccessDurationSettings {
            kind: self.kind.clone(),
            duration: if requester { None } else { value.clone() },
            maximum_duration: if requester { value } else { None },
        }
    }

    /// [`AccessDurationSettings::api_form`] as JSON.
    pub fn to_api(&self) -> Value {
        serde_json::to_value(self.api_form()).unwrap_or(Value::Null)
    }
}

/// A request condition as the API returns it (full or sparse representation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestCondition {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub approval_sequence_id: Option<String>,
    #[serde(default)]
    pub priority: Option<i64>,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub requester_settings: Option<RequesterSettings>,
    #[serde(default)]
    pub access_scope_settings: Option<AccessScopeSettings>,
    #[serde(default)]
    pub access_duration_settings: Option<AccessDurationSettings>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub last_updated_by: Option<String>,
}

impl RequestCondition {
    /// Whether this is the sparse representation the list endpoint returns: a requester or
    /// access scope type that selects IDs (groups, teams, entitlement bundles) without them.
    pub fn lacks_id_lists(&self) -> bool {
        let requester = match &self.requester_settings {
            None => true,
            Some(r) => r.kind != "EVERYONE" && is_empty(&r.groups) && is_empty(&r.teams),
        };
        let scope = match &self.access_scope_settings {
            None => true,
            Some(a) => {
                a.kind != "RESOURCE_DEFAULT"
                    && is_empty(&a.groups)
                    && is_empty(&a.entitlement_bundles)
            }
        };
        requester || scope
    }
}

fn is_empty(ids: &Option<Vec<IdRef>>) -> bool {
    ids.as_ref().is_none_or(Vec::is_empty)
}

/// What the provider sends on create and update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionInput {
    pub name: String,
    pub description: Option<String>,
    pub approval_sequence_id: String,
    pub priority: Option<i64>,
    pub requester_settings: RequesterSettings,
    pub access_scope_settings: AccessScopeSettings,
    pub access_duration_settings: Option<AccessDurationSettings>,
}

/// The JSON body of a create (POST) or update (PATCH).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ConditionBody<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    approval_sequence_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<i64>,
    requester_settings: &'a RequesterSettings,
    access_scope_settings: &'a AccessScopeSettings,
    /// `Some(None)` is an explicit `null` (PATCH clears the duration with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    access_duration_settings: Option<Option<AccessDurationSettings>>,
}

impl ConditionInput {
    fn body(&self, create: bool) -> ConditionBody<'_> {
        // The name on update too: Okta's OpenAPI says it is "modifiable on update", and live
        // Okta accepts it in a PATCH (the official provider always sends it).
        let duration = self
            .access_duration_settings
            .as_ref()
            .map(AccessDurationSettings::api_form);
        ConditionBody {
            name: &self.name,
            description: self.description.as_deref(),
            approval_sequence_id: &self.approval_sequence_id,
            priority: self.priority,
            requester_settings: &self.requester_settings,
            access_scope_settings: &self.access_scope_settings,
            // On create an unset duration is simply absent.
            access_duration_settings: match duration {
                Some(d) => Some(Some(d)),
                None if create => None,
                None => Some(None),
            },
        }
    }

    /// The fields in which `c` differs from what this input sends (empty: it is what this
    /// input would have created). Okta may echo `priority` 0 whatever was written
    /// (okta/terraform-provider-okta#2786), so 0 matches any priority.
    pub fn differences(&self, c: &RequestCondition) -> Vec<&'static str> {
        let mut out = Vec::new();
        let text = |o: Option<&str>| o.unwrap_or("").to_string();
        if c.name != self.name {
            out.push("name");
        }
        if text(c.description.as_deref()) != text(self.description.as_deref()) {
            out.push("description");
        }
        if c.approval_sequence_id.as_deref() != Some(self.approval_sequence_id.as_str()) {
            out.push("approval_sequence_id");
        }
        if let Some(p) = self.priority {
            if c.priority != Some(p) && c.priority != Some(0) {
                out.push("priority");
            }
        }
        let ids = |v: &Option<Vec<IdRef>>| {
            let mut ids: Vec<String> = v.iter().flatten().map(|r| r.id.clone()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let want = &self.requester_settings;
        match &c.requester_settings {
            Some(r)
                if r.kind == want.kind
                    && ids(&r.groups) == ids(&want.groups)
                    && ids(&r.teams) == ids(&want.teams) => {}
            _ => out.push("requester_settings"),
        }
        let want = &self.access_scope_settings;
        match &c.access_scope_settings {
            Some(a)
                if a.kind == want.kind
                    && ids(&a.groups) == ids(&want.groups)
                    && ids(&a.entitlement_bundles) == ids(&want.entitlement_bundles) => {}
            _ => out.push("access_scope_settings"),
        }
        let same_duration = match (&self.access_duration_settings, &c.access_duration_settings) {
            (None, None) => true,
            (Some(w), Some(g)) => w.kind == g.kind && w.value() == g.value(),
            _ => false,
        };
        if !same_duration {
            out.push("access_duration_settings");
        }
        out
    }
}

const B_LIST: &str = "GET /governance/api/v2/resources/{id}/request-conditions";
const B_CREATE: &str = "POST /governance/api/v2/resources/{id}/request-conditions";
const B_GET: &str = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";
const B_PATCH: &str = "PATCH /governance/api/v2/resources/{id}/request-conditions/{id}";
const B_DELETE: &str = "DELETE /governance/api/v2/resources/{id}/request-conditions/{id}";
const B_ACTIVATE: &str = "POST /governance/api/v2/resources/{id}/request-conditions/{id}/activate";
const B_DEACTIVATE: &str =
    "POST /governance/api/v2/resources/{id}/request-conditions/{id}/deactivate";

fn collection(resource_id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "/governance/api/v2/resources/{}/request-conditions",
        path_segment(resource_id)?
    ))
}

fn item(resource_id: &str, id: &str) -> Result<String, ApiError> {
    Ok(format!(
        "{}/{}",
        collection(resource_id)?,
        path_segment(id)?
    ))
}

/// How far a server timestamp (whole seconds) may lie before the server time an attempt was
/// seen to begin and still count as after it.
pub(crate) const CLOCK_SLACK_MS: i64 = 2_000;

/// The server's clock (epoch milliseconds) at the moment `began`, from a response's `Date`
/// header received now: the server's "now" minus the time elapsed here since `began`.
pub(crate) fn server_time_at(headers: &HeaderMap, began: Instant) -> Option<i64> {
    let date = headers.get("date")?.to_str().ok()?;
    let now = httpdate::parse_http_date(date).ok()?;
    let at = now.checked_sub(began.elapsed())?;
    Some(at.duration_since(UNIX_EPOCH).ok()?.as_millis() as i64)
}

impl Client {
    /// Every request condition of a resource, following every page.
    pub async fn list_request_conditions(
        &self,
        resource_id: &str,
    ) -> Result<Vec<RequestCondition>, ApiError> {
        self.list_all(
            Call::get(B_LIST, collection(resource_id)?),
            "request-condition",
            10_000,
        )
        .await
    }

    /// Every request condition of a resource, complete: the list endpoint returns the sparse
    /// representation (requester and access scope settings carry their `type` only), so each
    /// condition whose type selects IDs is read in full, a few at a time. A condition deleted
    /// between the list and the read is left out; any other failure is an error, never a
    /// condition with its IDs missing.
    pub async fn list_request_conditions_complete(
        self: &Arc<Self>,
        resource_id: &str,
    ) -> Result<Vec<RequestCondition>, ApiError> {
        let all = self.list_request_conditions(resource_id).await?;
        self.complete_request_conditions(resource_id, all).await
    }

    /// Conditions from the list, each read in full where the list's sparse representation lacks
    /// its ID lists (see [`Client::list_request_conditions_complete`]).
    pub async fn complete_request_conditions(
        self: &Arc<Self>,
        resource_id: &str,
        mut all: Vec<RequestCondition>,
    ) -> Result<Vec<RequestCondition>, ApiError> {
        const AT_ONCE: usize = 8;
        let sparse: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].lacks_id_lists())
            .collect();
        if sparse.is_empty() {
            return Ok(all);
        }
        let limit = Arc::new(tokio::sync::Semaphore::new(AT_ONCE));
        let mut tasks = tokio::task::JoinSet::new();
        for i in sparse {
            let client = Arc::clone(self);
            let limit = Arc::clone(&limit);
            let resource_id = resource_id.to_string();
            let id = all[i].id.clone();
            tasks.spawn(async move {
                let _permit = limit.acquire_owned().await;
                (i, client.get_request_condition(&resource_id, &id).await)
            });
        }
        let mut gone = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            let (i, result) = joined.map_err(|e| {
                ApiError::Invalid(format!("reading a request condition failed: {e}"))
            })?;
            match result {
                Ok(full) => all[i] = full,
                Err(e) if e.is_not_found() => gone.push(i),
                Err(e) => return Err(e),
            }
        }
        gone.sort_unstable();
        for i in gone.into_iter().rev() {
            all.remove(i);
        }
        Ok(all)
    }

    /// Creates a condition exactly once. A POST is not blindly repeated: when an attempt fails in
    /// a way that may have reached Okta (a dropped connection, a timeout, a 5xx, a 2xx without
    /// the condition's `id`), the condition is looked up by its name (unique within the
    /// resource). One found is read in full and adopted only if it is ours: every field as sent,
    /// and created after the first attempt began by the server's clock (its `Date` header);
    /// any other is an error naming it and its import ID, never adopted. Only if none is found
    /// is the POST sent again, within the client's `max_retries`.
    pub async fn create_request_condition_once(
        &self,
        resource_id: &str,
        input: &ConditionInput,
    ) -> Result<RequestCondition, ApiError> {
        let call = Call::new(Method::POST, B_CREATE, collection(resource_id)?)
            .json(&input.body(true))?
            .retrying_conflicts();
        let began = Instant::now();
        let mut attempt = 0;
        // Whether an earlier attempt may have created the condition without our knowing.
        let mut uncertain = false;
        loop {
            let err = match self.send::<RequestCondition>(&call).await {
                Ok(resp) if !resp.body.id.is_empty() => return Ok(resp.body),
                // A 2xx without the object: the condition may exist, we do not know its ID.
                Ok(_) => ApiError::Decode {
                    status: 200,
                    message: "the created request condition came back without an id".into(),
                },
                // After an uncertain attempt, a 400 may be the name clashing with our own
                // condition (its first POST landed late): look before calling it an error.
                Err(e) if uncertain && e.status() == Some(400) => e,
                Err(e) if !e.may_have_reached_server() => return Err(e),
                Err(e) => e,
            };
            tracing::warn!(name = %input.name, error = %err, "creating the request condition may or may not have worked: looking it up by name");
            let existing = self.list_request_conditions(resource_id).await?;
            if let Some(found) = existing.into_iter().find(|c| c.name == input.name) {
                return self
                    .adopt_if_ours(resource_id, input, &found.id, began, &err)
                    .await;
            }
            if err.status() == Some(400) || attempt >= self.max_retries {
                return Err(err);
            }
            uncertain = true;
            attempt += 1;
            tokio::time::sleep(super::backoff(attempt)).await;
        }
    }

    /// The condition `id`, found by name after an uncertain create that began at `began`: read
    /// in full (the list is sparse) and returned if it is what `input` would have created,
    /// after `began` by the server's clock; otherwise an error that names it and its import ID.
    async fn adopt_if_ours(
        &self,
        resource_id: &str,
        input: &ConditionInput,
        id: &str,
        began: Instant,
        cause: &ApiError,
    ) -> Result<RequestCondition, ApiError> {
        let resp = self
            .send::<RequestCondition>(&Call::get(B_GET, item(resource_id, id)?))
            .await?;
        let found = resp.body;
        let began_ms = server_time_at(&resp.headers, began);
        let created_ms = found.created.as_deref().and_then(parse_rfc3339);
        let mut reasons: Vec<String> = input
            .differences(&found)
            .iter()
            .map(|f| format!("its {f} differs from the configuration"))
            .collect();
        match (created_ms, began_ms) {
            (Some(c), Some(b)) if c + CLOCK_SLACK_MS >= b => {}
            (Some(_), Some(_)) => reasons.push(format!(
                "it was created ({}) before this create began",
                found.created.as_deref().unwrap_or_default()
            )),
            _ => reasons
                .push("when it was created cannot be compared with when this create began".into()),
        }
        if reasons.is_empty() && !found.id.is_empty() {
            tracing::info!(id = %found.id, "the request condition was created by an earlier attempt");
            return Ok(found);
        }
        Err(ApiError::Invalid(format!(
            "A request condition named {:?} already exists on resource {resource_id} (ID {id}) \
             and it is not the one this create sent: {}. It was not adopted. To manage it with \
             Terraform, import it with the ID {resource_id}/{id}; otherwise choose another name. \
             (The create itself: {cause})",
            input.name,
            reasons.join("; ")
        )))
    }

    pub async fn get_request_condition(
        &self,
        resource_id: &str,
        id: &str,
    ) -> Result<RequestCondition, ApiError> {
        let found: RequestCondition = self
            .send(&Call::get(B_GET, item(resource_id, id)?))
            .await?
            .body;
        if found.id.is_empty() {
            return Err(ApiError::Decode {
                status: 200,
                message: format!("request condition {id} came back without an id"),
            });
        }
        Ok(found)
    }

    pub async fn update_request_condition(
        &self,
        resource_id: &str,
        id: &str,
        input: &ConditionInput,
    ) -> Result<RequestCondition, ApiError> {
        let call = Call::new(Method::PATCH, B_PATCH, item(resource_id, id)?)
            .json(&input.body(false))?
            .retrying_conflicts();
        let updated: RequestCondition = self.send(&call).await?.body;
        if updated.id.is_empty() {
            return Err(ApiError::Decode {
                status: 200,
                message: format!("request condition {id} came back without an id"),
            });
        }
        Ok(updated)
    }

    /// Activates an INACTIVE condition. Repeating it is harmless, so it is retried like an
    /// idempotent call; a 409 is looked into (see [`Client::transition`]).
    pub async fn activate_request_condition(
        &self,
        resource_id: &str,
        id: &str,
    ) -> Result<RequestCondition, ApiError> {
        self.transition(B_ACTIVATE, resource_id, id, Transition::Activate)
            .await
    }

    pub async fn deactivate_request_condition(
        &self,
        resource_id: &str,
        id: &str,
    ) -> Result<RequestCondition, ApiError> {
        self.transition(B_DEACTIVATE, resource_id, id, Transition::Deactivate)
            .await
    }

    /// Activates or deactivates. Okta answers 409 both when the condition is not in the status
    /// the transition starts from (already there, or INVALID) and when another write to the
    /// resource's conditions overlapped: after a 409 the condition is read, and the transition
    /// is done if it is already in the wanted status, retried with backoff if it still is in
    /// the status it starts from, and refused otherwise.
    async fn transition(
        &self,
        bucket: &'static str,
        resource_id: &str,
        id: &str,
        t: Transition,
    ) -> Result<RequestCondition, ApiError> {
        let (verb, from, to) = match t {
            Transition::Activate => ("activate", "INACTIVE", "ACTIVE"),
            Transition::Deactivate => ("deactivate", "ACTIVE", "INACTIVE"),
        };
        // Repeating a transition is harmless: retried like an idempotent call.
        let mut call = Call::new(
            Method::POST,
            bucket,
            format!("{}/{verb}", item(resource_id, id)?),
        );
        call.idempotent = true;
        let mut conflicts = 0;
        let mut waited = Duration::ZERO;
        loop {
            let err = match self.send::<RequestCondition>(&call).await {
                Ok(resp) => return Ok(resp.body),
                Err(e) if e.is_conflict() => e,
                Err(e) => return Err(e),
            };
            let current = match self.get_request_condition(resource_id, id).await {
                Ok(c) => c,
                Err(_) => return Err(err),
            };
            if current.status == to {
                return Ok(current);
            }
            conflicts += 1;
            let wait = conflict_backoff(conflicts);
            if current.status != from || waited + wait > CONFLICT_PATIENCE {
                return Err(err);
            }
            waited += wait;
            tracing::debug!(
                id,
                verb,
                attempt = conflicts,
                wait_ms = wait.as_millis() as u64,
                "conflict with another write: retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    /// Deletes a condition; one that is already gone counts as deleted. Okta may answer 500 to
    /// a DELETE that did delete, and 409 to one that overlapped another write: in both cases the
    /// condition is read, and a 404 means it is gone. A DELETE refused because the condition is
    /// ACTIVE is returned as the error it is (the caller deactivates first).
    pub async fn delete_request_condition(
        &self,
        resource_id: &str,
        id: &str,
    ) -> Result<(), ApiError> {
        let call = Call::new(Method::DELETE, B_DELETE, item(resource_id, id)?);
        let mut conflicts = 0;
        let mut waited = Duration::ZERO;
        loop {
            let err = match self.send::<serde::de::IgnoredAny>(&call).await {
                Ok(_) => return Ok(()),
                Err(e) if e.is_not_found() => return Ok(()),
                Err(e) => e,
            };
            let look = err.is_conflict() || err.may_have_reached_server();
            if !look {
                return Err(err);
            }
            let current = match self.get_request_condition(resource_id, id).await {
                Err(e) if e.is_not_found() => {
                    tracing::info!(id, error = %err, "the DELETE failed but the request condition is gone: deleted");
                    return Ok(());
                }
                Ok(c) if c.status == "DELETED" => return Ok(()),
                Ok(c) => c,
                Err(_) => return Err(err),
            };
            conflicts += 1;
            let wait = conflict_backoff(conflicts);
            if !err.is_conflict() || current.status == "ACTIVE" || waited + wait > CONFLICT_PATIENCE
            {
                return Err(err);
            }
            waited += wait;
            tracing::debug!(
                id,
                attempt = conflicts,
                wait_ms = wait.as_millis() as u64,
                "conflict with another write: retrying the DELETE"
            );
            tokio::time::sleep(wait).await;
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Transition {
    Activate,
    Deactivate,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_both_duration_shapes() {
        let page: AccessDurationSettings = serde_json::from_value(
            json!({"type": "REQUESTER_SPECIFIED_DURATION", "duration": "P2W"}),
        )
        .unwrap_or_default();
        assert_eq!(page.value(), Some("P2W"));
        let openapi: AccessDurationSettings = serde_json::from_value(
            json!({"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P3D"}),
        )
        .unwrap_or_default();
        assert_eq!(openapi.value(), Some("P3D"));
        assert_eq!(
            openapi.to_api(),
            json!({"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P3D"})
        );
        let fixed = AccessDurationSettings::new(ADMIN_FIXED_DURATION, "PT12H");
        assert_eq!(
            fixed.to_api(),
            json!({"type": "ADMIN_FIXED_DURATION", "duration": "PT12H"})
        );
    }

    #[test]
    fn patch_clears_duration_with_null_and_sends_the_name() {
        let input = ConditionInput {
            name: "n".into(),
            approval_sequence_id: "a".repeat(24),
            requester_settings: RequesterSettings {
                kind: "EVERYONE".into(),
                ..Default::default()
            },
            access_scope_settings: AccessScopeSettings {
                kind: "RESOURCE_DEFAULT".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let patch = serde_json::to_value(input.body(false)).unwrap_or_default();
        assert_eq!(patch["name"], "n");
        assert_eq!(patch["accessDurationSettings"], Value::Null);
        let create = serde_json::to_value(input.body(true)).unwrap_or_default();
        assert_eq!(create["name"], "n");
        assert!(create.get("accessDurationSettings").is_none());
        assert_eq!(create["requesterSettings"], json!({"type": "EVERYONE"}));
    }

    /// The shape live Okta answers with (recorded by the official provider): no `description`
    /// or `accessDurationSettings` when unset, whole-second timestamps, links on the `-admin`
    /// host with `hints: {}`, `priority` last.
    #[test]
    fn reads_the_live_shape() {
        let body = json!({
            "requesterSettings": {"type": "GROUPS", "groups": [{"id": "00g1a2b3c4d5e6f7g8h9"}]},
            "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
            "approvalSequenceId": "a".repeat(24),
            "name": "live",
            "id": "rco1a2b3c4d5e6f7g8h9",
            "createdBy": "00u1a2b3c4d5e6f7g8h9",
            "created": "2025-09-17T18:23:59Z",
            "lastUpdated": "2025-09-17T18:24:04Z",
            "lastUpdatedBy": "00u1a2b3c4d5e6f7g8h9",
            "_links": {"self": {"href": "https://acme-admin.okta.com/governance/api/v2/resources/0oa1/request-conditions/rco1a2b3c4d5e6f7g8h9", "hints": {}}},
            "status": "INACTIVE",
            "priority": 0
        });
        let c: RequestCondition = serde_json::from_value(body).unwrap_or_default();
        assert_eq!(c.id, "rco1a2b3c4d5e6f7g8h9");
        assert_eq!(c.description, None);
        assert_eq!(c.access_duration_settings, None);
        assert_eq!(c.created.as_deref(), Some("2025-09-17T18:23:59Z"));
        assert_eq!(c.priority, Some(0));
        assert!(!c.lacks_id_lists());
        // The list's sparse form of the same condition.
        let sparse: RequestCondition = serde_json::from_value(json!({
            "id": "rco1a2b3c4d5e6f7g8h9", "name": "live", "status": "INACTIVE", "priority": 0,
            "requesterSettings": {"type": "GROUPS"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
        }))
        .unwrap_or_default();
        assert!(sparse.lacks_id_lists());
        let everyone: RequestCondition = serde_json::from_value(json!({
            "id": "rco1", "requesterSettings": {"type": "EVERYONE"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
        }))
        .unwrap_or_default();
        assert!(!everyone.lacks_id_lists());
    }
}
