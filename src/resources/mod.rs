//! Terraform resources, one per file.
