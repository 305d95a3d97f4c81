from eservice.catalogue.models import Service


def test_it_finds_a_service_by_a_thai_word_inside_a_compound(client, published_service):
    # "อาหาร" is part of "ร้านอาหาร" and "จำหน่ายอาหาร", which the word splitter keeps whole.
    response = client.get("/services/", {"q": "อาหาร"})
    assert response.status_code == 200
    assert "ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร" in response.content.decode()


def test_every_word_must_match(client, published_service):
    assert "ใบอนุญาตจัดตั้ง" in client.get("/services/", {"q": "ใบอนุญาต อาหาร"}).content.decode()
    body = client.get("/services/", {"q": "อาหาร ผู้สูงอายุ"}).content.decode()
    assert "ใบอนุญาตจัดตั้ง" not in body
    assert "ไม่พบ" in body or "No service matches" in body


def test_it_finds_by_english_words_on_the_english_page(client, published_service):
    body = client.get("/en/services/", {"q": "food"}).content.decode()
    assert "Food shop licence" in body


def test_drafts_and_suspended_services_are_not_found(client, ready_service, published_service):
    draft = Service.objects.create(agency=ready_service.agency, name_th="ร้านอาหารร่าง")
    assert draft.name_th not in client.get("/services/", {"q": "อาหาร"}).content.decode()
    published_service.suspend()
    from eservice.catalogue.search import index_service

    index_service(published_service)
    assert "ใบอนุญาตจัดตั้ง" not in client.get("/services/", {"q": "อาหาร"}).content.decode()


def test_filters_narrow_the_results(client, published_service, other_agency):
    found = lambda **q: "ใบอนุญาตจัดตั้ง" in client.get("/services/", q).content.decode()  # noqa: E731
    assert found(kind="licence", audience="businesses", province="12", agency="4120401")
    assert not found(kind="complaint")
    assert not found(audience="people")
    assert not found(province="50")
    assert not found(agency=other_agency.code)


def test_a_nationwide_service_matches_every_province(client, published_service):
    Service.objects.filter(pk=published_service.pk).update(province_code="")
    assert "ใบอนุญาตจัดตั้ง" in client.get("/services/", {"province": "50"}).content.decode()


def test_results_name_the_agency_in_the_page_language(client, published_service):
    body = client.get("/en/services/", {"q": "food"}).content.decode()
    assert "Bang Bua Thong Town Municipality" in body
