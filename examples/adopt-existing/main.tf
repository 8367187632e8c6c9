# Bring every existing request condition of an app under management in one plan: the data
# source lists them, `import` blocks with for_each adopt each one, and a for_each resource
# describes them exactly as Okta has them. `terraform plan` shows only imports, no changes;
# afterwards edit the configuration (or generate static blocks with -generate-config-out).
terraform {
  required_version = ">= 1.8.4" # import blocks with for_each; the oldest Terraform the suite passes on
  required_providers {
    oig = {
      source = "oig/oig"
    }
  }
}

provider "oig" {}

variable "app_id" {
  description = "The app whose existing request conditions to adopt."
  type        = string
  default     = "0oaemufull0000000001"
}

data "oig_request_conditions" "existing" {
  resource_id = var.app_id
}

locals {
  existing = { for c in data.oig_request_conditions.existing.conditions : c.name => c }
}

import {
  for_each = local.existing
  to       = oig_request_condition.adopted[each.key]
  id       = "${each.value.resource_id}/${each.value.id}"
}

resource "oig_request_condition" "adopted" {
  for_each = local.existing

  resource_id          = each.value.resource_id
  name                 = each.value.name
  description          = each.value.description
  approval_sequence_id = each.value.approval_sequence_id
  priority             = each.value.priority
  status               = each.value.status

  requester_settings {
    type      = each.value.requester_settings.type
    group_ids = each.value.requester_settings.group_ids
    team_ids  = each.value.requester_settings.team_ids
  }

  access_scope_settings {
    type                   = each.value.access_scope_settings.type
    group_ids              = each.value.access_scope_settings.group_ids
    entitlement_bundle_ids = each.value.access_scope_settings.entitlement_bundle_ids
  }

  dynamic "access_duration_settings" {
    for_each = each.value.access_duration_settings == null ? [] : [each.value.access_duration_settings]
    content {
      type     = access_duration_settings.value.type
      duration = access_duration_settings.value.duration
    }
  }
}

output "adopted" {
  value = { for name, c in oig_request_condition.adopted : name => c.id }
}
