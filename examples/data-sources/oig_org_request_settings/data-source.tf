data "oig_org_request_settings" "org" {}

output "access_requests_ready" {
  value = data.oig_org_request_settings.org.provisioning_status == "PROVISIONED"
}
