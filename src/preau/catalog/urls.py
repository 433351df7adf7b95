from django.urls import path

from preau.catalog.views import editor, feeds, public, review, synonyms

app_name = "catalog"

urlpatterns = [
    path("", public.catalog_index, name="index"),
    path("offres/<int:pk>/", public.offer_detail, name="offer"),
    path("nouveautes.rss", feeds.NewOffersFeed(), name="feed_rss"),
    path("nouveautes.atom", feeds.NewOffersAtom(), name="feed_atom"),
    path("catalogue.csv", feeds.export_csv, name="export_csv"),
    path("catalogue.json", feeds.export_json, name="export_json"),
    path("gestion/", editor.manage_list, name="manage"),
    path("gestion/nouvelle/", editor.offer_new, name="offer_new"),
    path("gestion/<int:pk>/", editor.manage_offer, name="manage_offer"),
    path("gestion/<int:pk>/modifier/", editor.offer_edit, name="offer_edit"),
    path("gestion/<int:pk>/versions/<int:number>/", editor.version_detail, name="version"),
    path("gestion/<int:pk>/questionnaire/", editor.survey_question, name="survey_question"),
    path("gestion/<int:pk>/<slug:action>/", editor.offer_action, name="offer_action"),
    path("synonymes/", synonyms.synonym_list, name="synonyms"),
    path("synonymes/<int:pk>/supprimer/", synonyms.synonym_delete, name="synonym_delete"),
    path("relecture/", review.review_queue, name="review_queue"),
    path("relecture/<int:pk>/", review.review_offer, name="review_offer"),
    path("relecture/affectations/", review.review_rules, name="review_rules"),
    path("relecture/recapitulatif/", review.digest_preference, name="digest_preference"),
]
