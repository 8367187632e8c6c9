# Quickstart: runs unchanged against the oig-emulator's demo org (`make demo`) or a real org.
# The provider reads OKTA_ORG_URL (or OKTA_ORG_NAME + OKTA_BASE_URL) and OKTA_API_TOKEN.
terraform {
  required_providers {
    oig = {
      source = "oig/oig"
    }
  }
}

provider "oig" {}

# Is the org's Access Requests app set up?
data "oig_org_request_settings" "org" {}

output "org_provisioning_status" {
  description = "Provisioning status of the org in Access Requests."
  value       = data.oig_org_request_settings.org.provisioning_status
}

output "org_subprocessors_acknowledged" {
  description = "Whether the Access Requests subprocessors were acknowledged."
  value       = data.oig_org_request_settings.org.subprocessors_acknowledged
}
