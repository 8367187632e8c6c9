# With an Okta API token (SSWS). Both values can come from OKTA_ORG_NAME / OKTA_API_TOKEN instead.
provider "oig" {
  org_name  = "acme"
  base_url  = "okta.com"
  api_token = var.okta_api_token
}

variable "okta_api_token" {
  type      = string
  sensitive = true
}
