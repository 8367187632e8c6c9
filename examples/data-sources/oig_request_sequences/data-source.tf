# Every approval sequence that can serve the app's requests, by name.
data "oig_request_sequences" "app" {
  resource_id = "0oaemufull0000000001"
}

output "approval_sequence_ids_by_name" {
  value = { for s in data.oig_request_sequences.app.sequences : s.name => s.id }
}
