# A request condition is imported as <resource_id>/<request_condition_id>.
terraform import oig_request_condition.everyone 0oaemufull0000000001/rcob0oNGTSWTBKOLGLNR
