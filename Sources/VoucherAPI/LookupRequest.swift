// SPEC §5 requests.
