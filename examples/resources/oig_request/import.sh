# A request is imported by its ID.
terraform import oig_request.break_glass 61eb06a3c462d20007f0235c
