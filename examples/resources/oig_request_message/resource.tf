resource "oig_request" "break_glass" {
  request_type_id = "61eb2db568c7c300079fe002"
  subject         = "Break-glass access to production for incident INC-1234"
}

# Adds context for the approvers. Messages cannot be edited or deleted: changing the text adds a
# new message, and destroying the resource only removes it from Terraform's state.
resource "oig_request_message" "context" {
  request_id = oig_request.break_glass.id
  message    = <<-EOT
    Incident INC-1234: the primary database failed over.
    Access is needed until the incident is closed.
  EOT
}
