# The okta half of the move (docs/guides/migrating-from-okta.md): it replaces the okta_request_*
# resource blocks of the old configuration. Each `removed` block makes Terraform forget the
# objects at that address without destroying them (Terraform 1.7 or later), while main.tf imports
# the same objects into oig resources. Keep the okta provider configured for this one apply;
# afterwards delete this file and, if nothing else uses it, the okta provider.
#
# The test suite cannot run this half (okta/okta cannot be installed there): it checks that this
# file is formatted and that every `removed` block keeps `destroy = false`.
terraform {
  required_providers {
    okta = {
      source = "okta/okta"
    }
  }
}

removed {
  from = okta_request_condition.everyone
  lifecycle {
    destroy = false
  }
}

removed {
  from = okta_request_condition.engineers
  lifecycle {
    destroy = false
  }
}

removed {
  from = okta_request_condition.bundles
  lifecycle {
    destroy = false
  }
}

removed {
  from = okta_request_setting_resource.app
  lifecycle {
    destroy = false
  }
}

removed {
  from = okta_request_setting_organization.org
  lifecycle {
    destroy = false
  }
}
