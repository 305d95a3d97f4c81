def test_it_lists_the_districts_of_a_province_in_the_page_language(client):
    places = client.get("/places", {"parent": "12"}).json()["places"]
    assert {"code": "1204", "name": "บางบัวทอง"} in places
    english = client.get("/en/places", {"parent": "12"}).json()["places"]
    assert {"code": "1204", "name": "Bang Bua Thong"} in english


def test_it_lists_subdistricts_and_postal_codes(client):
    assert {"code": "120402", "name": "บางบัวทอง"} in client.get(
        "/places", {"parent": "1204"}
    ).json()["places"]
    assert client.get("/places", {"parent": "120402"}).json()["postal_codes"] == ["11110"]


def test_unknown_codes_give_empty_lists(client):
    assert client.get("/places", {"parent": "99"}).json() == {"places": [], "postal_codes": []}
    assert client.get("/places", {"parent": "<script>"}).json() == {
        "places": [],
        "postal_codes": [],
    }
