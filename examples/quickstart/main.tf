# Quickstart: runs unchanged against the oig-emulator's demo org (`make demo`) or, with your own
# IDs, against a real org. The provider reads OKTA_ORG_URL (or OKTA_ORG_NAME + OKTA_BASE_URL)
# and OKTA_API_TOKEN from the environment.
terraform {
  required_providers {
    oig = {
      source = "oig/oig"
    }
  }
}

provider "oig" {}

variable "app_id" {
  description = "The app (resource) to make requestable. The default is the demo org's Salesforce app."
  type        = string
  default     = "0oaemufull0000000001"
}

variable "approval_sequence_name" {
  description = "The name of the approval sequence requests go through, as the admin console shows it."
  type        = string
  default     = "Manager approval"
}

variable "engineering_group_ids" {
  description = "Groups whose members may request the admin group."
  type        = set(string)
  default     = ["00gemu00000000000001", "00gemu00000000000002"]
}

variable "admin_group_id" {
  description = "The app's group that engineers may request for two weeks."
  type        = string
  default     = "00gemu00000000000003"
}

# The approval sequence, by name: no ID copied out of the admin console.
data "oig_request_sequence" "approval" {
  resource_id = var.app_id
  name        = var.approval_sequence_name
}

# Is the org's Access Requests app set up?
data "oig_org_request_settings" "org" {}

# Everyone may request the app, for good.
resource "oig_request_condition" "everyone" {
  resource_id          = var.app_id
  name                 = "Everyone: permanent access"
  description          = "Anyone in the org may request access to the app."
  approval_sequence_id = data.oig_request_sequence.approval.id
  status               = "ACTIVE"

  requester_settings {
    type = "EVERYONE"
  }

  access_scope_settings {
    type = "RESOURCE_DEFAULT"
  }
}

# Only engineers may request the admin group, and only for two weeks.
resource "oig_request_condition" "engineers_admin" {
  resource_id          = var.app_id
  name                 = "Engineers: admin group for two weeks"
  approval_sequence_id = data.oig_request_sequence.approval.id
  status               = "ACTIVE"

  requester_settings {
    type      = "GROUPS"
    group_ids = var.engineering_group_ids
  }

  access_scope_settings {
    type      = "GROUPS"
    group_ids = [var.admin_group_id]
  }

  access_duration_settings {
    type     = "ADMIN_FIXED_DURATION"
    duration = "P2W"
  }
}

# Requesters may also ask on behalf of their direct reports.
resource "oig_resource_request_settings" "app" {
  resource_id = var.app_id

  request_on_behalf_of_settings {
    allowed  = true
    only_for = ["DIRECT_REPORT"]
  }
}

# Which access requests are still open?
data "oig_requests" "open" {
  request_status = "OPEN"
  order_by       = "created desc"
  max_results    = 50
}

output "org_provisioning_status" {
  description = "Provisioning status of the org in Access Requests."
  value       = data.oig_org_request_settings.org.provisioning_status
}

output "conditions" {
  description = "The request conditions this module manages, by name."
  value = {
    for c in [oig_request_condition.everyone, oig_request_condition.engineers_admin] :
    c.name => { id = c.id, status = c.status }
  }
}

output "open_requests" {
  description = "Subjects of the open access requests, newest first."
  value       = [for r in data.oig_requests.open.requests : r.subject]
}
