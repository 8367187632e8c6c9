# Moving from okta/okta to oig/oig without destroying anything (docs/guides/migrating-from-okta.md).
# This file is the oig half: `import` blocks adopt the objects okta/okta created, and the oig
# resources describe them exactly as they are, so that the plan shows only imports. The okta half
# (okta.tf) stops okta/okta managing the same objects with `removed` blocks that destroy nothing.
# Both files go into the root module that holds the okta/okta state, and one apply does both.
terraform {
  # import blocks with for_each need Terraform 1.7; 1.8.4 is the oldest version the provider's
  # test suite runs on (`make test-oldest-terraform`).
  required_version = ">= 1.8.4"
  required_providers {
    oig = {
      source  = "oig/oig"
      version = "~> 0.1"
    }
  }
}

provider "oig" {}

variable "app_id" {
  description = "The app (resource) whose request conditions and settings okta/okta managed."
  type        = string
  default     = "0oaemufull0000000001"
}

locals {
  # The okta_request_condition blocks of the old configuration, one entry each, translated
  # attribute by attribute: `ids { id = … }` blocks become group_ids / team_ids /
  # entitlement_bundle_ids, and access_duration_settings.duration stays `duration` (also for
  # REQUESTER_SPECIFIED_DURATION, where Okta calls it maximumDuration).
  conditions = {
    everyone = {
      name                   = "Everyone: permanent access"
      description            = null
      approval_sequence_id   = "61eb0f06c462d20007f05101"
      status                 = "ACTIVE"
      requester_type         = "EVERYONE"
      requester_group_ids    = null
      scope_type             = "RESOURCE_DEFAULT"
      scope_group_ids        = null
      entitlement_bundle_ids = null
      duration               = null
    }
    engineers = {
      name                   = "Engineers: two weeks of admin groups"
      description            = "Managed by okta/okta until the move to oig/oig"
      approval_sequence_id   = "61eb0f06c462d20007f05102"
      status                 = "INACTIVE"
      requester_type         = "GROUPS"
      requester_group_ids    = ["00gemu00000000000001", "00gemu00000000000002"]
      scope_type             = "GROUPS"
      scope_group_ids        = ["00gemu00000000000003"]
      entitlement_bundle_ids = null
      duration               = { type = "ADMIN_FIXED_DURATION", duration = "P2W" }
    }
    bundles = {
      name                   = "Bundles: up to 36 hours"
      description            = null
      approval_sequence_id   = "61eb0f06c462d20007f05101"
      status                 = "INACTIVE"
      requester_type         = "EVERYONE"
      requester_group_ids    = null
      scope_type             = "ENTITLEMENT_BUNDLES"
      scope_group_ids        = null
      entitlement_bundle_ids = ["enbemu00000000000001"]
      duration               = { type = "REQUESTER_SPECIFIED_DURATION", duration = "PT36H" }
    }
  }
}

# The conditions' IDs, by name, so that none has to be copied out of the okta/okta state (the
# same IDs are in `terraform state show okta_request_condition.<name>`, attribute `id`).
data "oig_request_conditions" "existing" {
  resource_id = var.app_id
}

locals {
  existing = { for c in data.oig_request_conditions.existing.conditions : c.name => c.id }
}

import {
  for_each = local.conditions
  to       = oig_request_condition.this[each.key]
  id       = "${var.app_id}/${local.existing[each.value.name]}"
}

resource "oig_request_condition" "this" {
  for_each = local.conditions

  resource_id          = var.app_id
  name                 = each.value.name
  description          = each.value.description
  approval_sequence_id = each.value.approval_sequence_id
  status               = each.value.status

  requester_settings {
    type      = each.value.requester_type
    group_ids = each.value.requester_group_ids
  }

  access_scope_settings {
    type                   = each.value.scope_type
    group_ids              = each.value.scope_group_ids
    entitlement_bundle_ids = each.value.entitlement_bundle_ids
  }

  dynamic "access_duration_settings" {
    for_each = each.value.duration == null ? [] : [each.value.duration]
    content {
      type     = access_duration_settings.value.type
      duration = access_duration_settings.value.duration
    }
  }
}

# okta_request_setting_resource (its `id` was the app ID) becomes oig_resource_request_settings
# (`resource_id`). okta/okta wrote `only_for { type = … }` blocks; here `only_for` is a set.
import {
  to = oig_resource_request_settings.app
  id = var.app_id
}

resource "oig_resource_request_settings" "app" {
  resource_id = var.app_id

  request_on_behalf_of_settings {
    allowed = true
  }

  risk_settings {
    default_setting {
      request_submission_type = "ALLOWED_WITH_OVERRIDES"
      approval_sequence_id    = "61eb0f06c462d20007f05102"
    }
  }
}

# okta_request_setting_organization (id = "default") becomes oig_org_request_settings, a
# singleton imported with any ID.
import {
  to = oig_org_request_settings.org
  id = "org"
}

resource "oig_org_request_settings" "org" {
  subprocessors_acknowledged = true
}

output "adopted_conditions" {
  description = "The adopted request conditions' IDs by key: the same IDs okta/okta had."
  value       = { for k, c in oig_request_condition.this : k => c.id }
}
