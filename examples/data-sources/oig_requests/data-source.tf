# Requests resolved since the start of 2024, most recently updated first.
data "oig_requests" "resolved" {
  request_status     = "RESOLVED"
  last_updated_after = "2024-01-01T00:00:00Z"
  order_by           = "lastUpdated desc"
  max_results        = 50
}

# Anything the structured attributes do not cover: a raw SCIM filter, written as is.
data "oig_requests" "open" {
  filter = "requestStatus eq \"OPEN\" and lastUpdated gt \"2024-01-01T00:00:00+00:00\""
}

output "resolved_subjects" {
  value = [for r in data.oig_requests.resolved.requests : r.subject]
}

output "open_request_ids" {
  value = data.oig_requests.open.requests[*].id
}
