"""On-call triage: findings from the rules in smtui/domain/triage.py, collected with
bounded API calls (collect.py), acknowledged and announced once (store.py), posted to an
optional webhook (webhook.py), shown by the ``triage`` registry kind (kind.py)."""
