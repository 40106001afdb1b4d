"""The only code that builds boto3 clients: sessions, paginators, error mapping."""
