# Look a condition up by name, then read every field of it.
data "oig_request_conditions" "by_name" {
  resource_id = "0oaemufull0000000001"
  name        = "Everyone: permanent access"
}

data "oig_request_condition" "everyone" {
  resource_id = "0oaemufull0000000001"
  id          = one(data.oig_request_conditions.by_name.conditions).id
}

output "everyone_approval_sequence" {
  value = data.oig_request_condition.everyone.approval_sequence_id
}
