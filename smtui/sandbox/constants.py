"""Fixed identity of the sandbox "account".

Clients point boto3 or the AWS CLI at the sandbox with these values; nothing
here is a real credential (signatures are never verified).
"""

SANDBOX_REGION = "us-east-1"
SANDBOX_ACCOUNT = "123456789012"
SANDBOX_ACCESS_KEY = "sandbox"
SANDBOX_SECRET_KEY = "sandbox"
SANDBOX_USER_NAME = "sandbox"

# IAM unique ids start with "AIDA" for users (IAM User Guide, "Unique identifiers").
SANDBOX_USER_ID = "AIDASANDBOX0EXAMPLE01"
SANDBOX_USER_ARN = f"arn:aws:iam::{SANDBOX_ACCOUNT}:user/{SANDBOX_USER_NAME}"
SANDBOX_ROLE_ARN = f"arn:aws:iam::{SANDBOX_ACCOUNT}:role/SageMakerExecutionRole"
