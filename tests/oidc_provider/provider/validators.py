"""The claims of the test provider: who the person is and their roles in the portal's units."""

import uuid

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator

# A stable, opaque subject per login name: the same person keeps their `sub` when the provider is restarted.
SUBJECT_NAMESPACE = uuid.UUID("0b5c2a57-7c3e-4bd6-9a55-5a0c1e1f2d10")


def subject(username):
    return str(uuid.uuid5(SUBJECT_NAMESPACE, username))


class ProvinceValidator(OAuth2Validator):
    # The roles claim goes with the "profile" scope, like the name.
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, settings.ROLES_CLAIM: "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "sub": subject(user.username),
            "preferred_username": user.username,
            "name": user.first_name,  # the whole name, as people write it
            "email": user.email,
            # A role is a group named "unit-code:role" (management command load_provider_data).
            settings.ROLES_CLAIM: sorted(user.groups.values_list("name", flat=True)),
        }
