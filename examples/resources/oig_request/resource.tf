# A break-glass request for the user behind the provider's credentials, answering the request
# type's requester fields. A request cannot be edited or deleted: changing an argument files a
# new request, and destroying the resource only removes it from Terraform's state.
resource "oig_request" "break_glass" {
  request_type_id = "61eb2db568c7c300079fe001"
  subject         = "Break-glass access to production for incident INC-1234"

  requester_field_values = [
    { id = "05c87fe9-11f6-4d40-a033-b155b39dcdbe", value = "Incident INC-1234: database failover" },
    { id = "1c5ef673-8dbb-4b9c-ac76-0b4180116e43", value = "Production" },
  ]
}

# A request on behalf of another user, under a request type without requester fields.
resource "oig_request" "for_colleague" {
  request_type_id    = "61eb2db568c7c300079fe002"
  subject            = "Access to the reporting app"
  requester_user_ids = ["00uemu00000000000002"]
}

# The request's progress is refreshed on every plan without causing changes.
output "break_glass_status" {
  value = oig_request.break_glass.request_status
}
