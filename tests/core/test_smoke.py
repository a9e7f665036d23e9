def test_health_answers_without_login(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_home_for_hr(client, hr):
    client.force_login(hr)
    response = client.get("/")
    assert response.status_code == 200
    assert b"employed today" in response.content or b"in dienst" in response.content
