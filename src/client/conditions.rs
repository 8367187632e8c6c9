//! Request conditions v2: `/governance/api/v2/resources/{resourceId}/request-conditions`.

use reqwest::Method;

use std::sync::Arc;
use std::time::{Duration, Instant};

pub use super::condition_model::*;
use super::ratelimit::Activity;
use super::time::{parse_rfc3339, server_time_at, CLOCK_SLACK_MS};
use super::{conflict_backoff, ApiError, Call, Client, ResourceCollection, CONFLICT_PATIENCE};

const B_LIST: &str = "GET /governance/api/v2/resources/{id}/request-conditions";
const B_CREATE: &str = "POST /governance/api/v2/resources/{id}/request-conditions";
const B_GET: &str = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";
const B_PATCH: &str = "PATCH /governance/api/v2/resources/{id}/request-conditions/{id}";
const B_DELETE: &str = "DELETE /governance/api/v2/resources/{id}/request-conditions/{id}";
const B_ACTIVATE: &str = "POST /governance/api/v2/resources/{id}/request-conditions/{id}/activate";
const B_DEACTIVATE: &str =
    "POST /governance/api/v2/resources/{id}/request-conditions/{id}/deactivate";

const CONDITIONS: ResourceCollection = ResourceCollection {
    segment: "request-conditions",
    item_name: "request-condition",
    list_bucket: B_LIST,
    max_pages: 10_000,
};

impl Client {
    /// Every request condition of a resource, following every page.
    pub async fn list_request_conditions(
        &self,
        resource_id: &str,
    ) -> Result<Vec<RequestCondition>, ApiError> {
        self.list_all(&CONDITIONS, resource_id).await
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
            // Carried: the waits and retries of these GETs belong to the operation that asked.
            tasks.spawn(Activity::carry(async move {
                let _permit = limit.acquire_owned().await;
                (i, client.get_request_condition(&resource_id, &id).await)
            }));
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
        let call = Call::new(Method::POST, B_CREATE, CONDITIONS.path(resource_id)?)
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
                Ok(_) => ApiError::without_id("the created request condition"),
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
            .send::<RequestCondition>(&Call::get(B_GET, CONDITIONS.item(resource_id, id)?))
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
        let call = Call::get(B_GET, CONDITIONS.item(resource_id, id)?);
        self.send_identified(&call, &format!("request condition {id}"))
            .await
    }

    pub async fn update_request_condition(
        &self,
        resource_id: &str,
        id: &str,
        input: &ConditionInput,
    ) -> Result<RequestCondition, ApiError> {
        let call = Call::new(Method::PATCH, B_PATCH, CONDITIONS.item(resource_id, id)?)
            .json(&input.body(false))?
            .retrying_conflicts();
        self.send_identified(&call, &format!("request condition {id}"))
            .await
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
            format!("{}/{verb}", CONDITIONS.item(resource_id, id)?),
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
        let call = Call::new(Method::DELETE, B_DELETE, CONDITIONS.item(resource_id, id)?);
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
