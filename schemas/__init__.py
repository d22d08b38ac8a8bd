"""marshmallow schemas: what the API accepts and what it answers, and so its OpenAPI document."""
