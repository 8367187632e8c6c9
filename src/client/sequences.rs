//! Approval (request) sequences v2, read-only:
//! `/governance/api/v2/resources/{resourceId}/request-sequences` and `…/{requestSequenceId}`.
//! Okta serves the sequences that can approve requests for the resource's type; a request
//! condition names one by `approvalSequenceId`.

use serde::{Deserialize, Serialize};

use super::{ApiError, Call, Client, ResourceCollection};

const B_LIST: &str = "GET /governance/api/v2/resources/{id}/request-sequences";
const B_GET: &str = "GET /governance/api/v2/resources/{id}/request-sequences/{id}";

/// `request-sequence` in the OpenAPI document. `link` is the sequence's page in the admin
/// console. Unset fields are absent in live answers, so every field has a default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RequestSequence {
    pub id: String,
    pub name: String,
    pub description: String,
    /// `APP` and/or `GROUP`; live Okta returns them in a new order from call to call.
    pub compatible_resource_types: Vec<String>,
    pub link: String,
}

const SEQUENCES: ResourceCollection = ResourceCollection {
    segment: "request-sequences",
    item_name: "request-sequence",
    list_bucket: B_LIST,
    max_pages: 1_000,
};

impl Client {
    /// Every approval sequence that can serve the resource, following every page.
    pub async fn list_request_sequences(
        &self,
        resource_id: &str,
    ) -> Result<Vec<RequestSequence>, ApiError> {
        self.list_all(&SEQUENCES, resource_id).await
    }

    /// One approval sequence of the resource (404 when it does not exist or cannot serve it).
    pub async fn get_request_sequence(
        &self,
        resource_id: &str,
        id: &str,
    ) -> Result<RequestSequence, ApiError> {
        let path = SEQUENCES.item(resource_id, id)?;
        Ok(self.send(&Call::get(B_GET, path)).await?.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_recorded_sequence_and_an_absent_field() {
        let full: RequestSequence = serde_json::from_str(
            r#"{"id":"61eb0f06c462d20007f05101","name":"Manager approval","description":"d",
                "compatibleResourceTypes":["GROUP","APP"],
                "link":"https://acme-admin.okta.com/next/sequences/61eb0f06c462d20007f05101"}"#,
        )
        .unwrap_or_default();
        assert_eq!(full.name, "Manager approval");
        assert_eq!(full.compatible_resource_types, vec!["GROUP", "APP"]);
        let sparse: RequestSequence =
            serde_json::from_str(r#"{"id":"x","name":"n"}"#).unwrap_or_default();
        assert_eq!(sparse.description, "");
        assert!(sparse.compatible_resource_types.is_empty());
    }

    #[test]
    fn paths_refuse_relative_steps() {
        assert!(SEQUENCES.path("..").is_err());
        assert_eq!(
            SEQUENCES.path("0oa1").ok().as_deref(),
            Some("/governance/api/v2/resources/0oa1/request-sequences")
        );
    }
}
