import httpx


def test_alive(anonymous: httpx.Client) -> None:
    response = anonymous.get("/health/alive")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_when_the_database_answers(anonymous: httpx.Client) -> None:
    response = anonymous.get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
