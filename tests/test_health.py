"""/healthz answers the load balancer: 200 "ok" with a database, 503 without."""

import pytest
from django.db import connections
from django.test import Client


@pytest.mark.django_db
def test_healthz_ok_when_database_answers():
    response = Client(HTTP_HOST="10.0.0.5").get("/healthz")  # probes come by IP, not a site name
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Cache-Control"] == "no-store"


def test_healthz_503_when_database_is_unreachable(django_db_blocker):
    connection = connections["default"]
    with django_db_blocker.unblock():
        connection.close()
        original_port = connection.settings_dict["PORT"]
        connection.settings_dict["PORT"] = "1"  # nothing listens there: a real connection failure
        try:
            response = Client().get("/healthz")
        finally:
            connection.close()
            connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    assert b"database unavailable" in response.content
