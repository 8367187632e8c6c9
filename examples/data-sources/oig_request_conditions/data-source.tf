# Every active condition of an app, and a map of name => ID.
data "oig_request_conditions" "active" {
  resource_id = "0oaemufull0000000001"
  status      = "ACTIVE"
}

output "active_condition_ids" {
  value = { for c in data.oig_request_conditions.active.conditions : c.name => c.id }
}
