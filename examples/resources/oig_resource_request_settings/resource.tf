# The approval sequence for risky requests, by its name in the admin console.
data "oig_request_sequence" "manager_and_owner" {
  resource_id = "0oaemufull0000000001"
  name        = "Manager and app owner approval"
}

# Let requesters ask on behalf of their direct reports, and allow risky requests through a
# dedicated approval sequence for at most two days.
resource "oig_resource_request_settings" "salesforce" {
  resource_id = "0oaemufull0000000001"

  request_on_behalf_of_settings {
    allowed  = true
    only_for = ["DIRECT_REPORT"]
  }

  risk_settings {
    default_setting {
      request_submission_type = "ALLOWED_WITH_OVERRIDES"
      approval_sequence_id    = data.oig_request_sequence.manager_and_owner.id

      access_duration_settings {
        type     = "REQUESTER_SPECIFIED_DURATION"
        duration = "P2D"
      }
    }
  }
}

# What request conditions of this app may contain.
output "salesforce_requester_types" {
  value = [for s in oig_resource_request_settings.salesforce.valid_requester_settings : s.type]
}
