# Acknowledge the Access Requests subprocessors and wait until the org is provisioned.
resource "oig_org_request_settings" "org" {
  subprocessors_acknowledged = true
  wait_for_provisioning      = true
  provisioning_timeout       = "10m"
}

output "provisioning_status" {
  value = oig_org_request_settings.org.provisioning_status
}
