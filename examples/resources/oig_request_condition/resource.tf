# The approval sequences, looked up by their names as the admin console shows them.
data "oig_request_sequence" "manager" {
  resource_id = "0oaemufull0000000001"
  name        = "Manager approval"
}

data "oig_request_sequence" "manager_and_owner" {
  resource_id = "0oaemufull0000000001"
  name        = "Manager and app owner approval"
}

# Everyone may request the app itself, approved through an approval sequence, for good.
resource "oig_request_condition" "everyone" {
  resource_id          = "0oaemufull0000000001"
  name                 = "Everyone: permanent access"
  description          = "Anyone in the org may request access to the app."
  approval_sequence_id = data.oig_request_sequence.manager.id
  status               = "ACTIVE"

  requester_settings {
    type = "EVERYONE"
  }

  access_scope_settings {
    type = "RESOURCE_DEFAULT"
  }
}

# Members of two groups may request one of the app's groups, for two weeks at a time.
resource "oig_request_condition" "engineers" {
  resource_id          = "0oaemufull0000000001"
  name                 = "Engineers: admin group for two weeks"
  approval_sequence_id = data.oig_request_sequence.manager_and_owner.id
  priority             = 1
  status               = "ACTIVE"

  requester_settings {
    type      = "GROUPS"
    group_ids = ["00gemu00000000000001", "00gemu00000000000002"]
  }

  access_scope_settings {
    type      = "GROUPS"
    group_ids = ["00gemu00000000000003"]
  }

  access_duration_settings {
    type     = "ADMIN_FIXED_DURATION"
    duration = "P2W"
  }
}

# Requesters choose how long they need an entitlement bundle, up to three days.
resource "oig_request_condition" "bundles" {
  resource_id          = "0oaemufull0000000001"
  name                 = "Bundles: requester picks up to 3 days"
  approval_sequence_id = data.oig_request_sequence.manager.id

  requester_settings {
    type = "EVERYONE"
  }

  access_scope_settings {
    type                   = "ENTITLEMENT_BUNDLES"
    entitlement_bundle_ids = ["enbemu00000000000001"]
  }

  access_duration_settings {
    type     = "REQUESTER_SPECIFIED_DURATION"
    duration = "P3D"
  }
}
