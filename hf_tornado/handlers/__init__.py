"""HTTP surfaces: one module per dialect (pipeline, openai, tgi, service, control), sharing
``base.BaseHandler`` for auth, body parsing, the error envelope, CORS and the journal."""
