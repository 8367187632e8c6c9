# Look an approval sequence up by its exact name (or give `id` instead of `name`).
data "oig_request_sequence" "manager" {
  resource_id = "0oaemufull0000000001"
  name        = "Manager approval"
}

# The sequence's ID goes where an ID copied from the admin console would.
resource "oig_request_condition" "everyone" {
  resource_id          = "0oaemufull0000000001"
  name                 = "Everyone: permanent access"
  approval_sequence_id = data.oig_request_sequence.manager.id

  requester_settings {
    type = "EVERYONE"
  }

  access_scope_settings {
    type = "RESOURCE_DEFAULT"
  }
}
