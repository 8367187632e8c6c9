# The org's request settings are a singleton: any ID imports them.
terraform import oig_org_request_settings.org org
