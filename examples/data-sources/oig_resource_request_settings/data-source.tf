# What may request conditions of an app contain?
data "oig_resource_request_settings" "workday" {
  resource_id = "0oaemuduration000003"
}

output "workday_duration_rules" {
  value = {
    required      = data.oig_resource_request_settings.workday.valid_access_duration_settings.required
    maximum_days  = data.oig_resource_request_settings.workday.valid_access_duration_settings.maximum_days
    allowed_types = [for t in data.oig_resource_request_settings.workday.valid_access_duration_settings.supported_types : t.type]
  }
}
