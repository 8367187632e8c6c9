resource "oig_request" "example" {
  request_type_id = "61eb2db568c7c300079fe002"
  subject         = "Access to the reporting app"
}

# The full request: status, requester field values, approvals and actions.
data "oig_request" "example" {
  id = oig_request.example.id
}

output "request_status" {
  value = data.oig_request.example.request_status
}

output "pending_approvals" {
  value = length([for a in data.oig_request.example.approvals : a if a.status == "PENDING"])
}
