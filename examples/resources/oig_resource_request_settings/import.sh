# Resource request settings are imported by the resource (app) ID.
terraform import oig_resource_request_settings.salesforce 0oaemufull0000000001
