# Classic scikit-learn clustering pipelines, run by bench/themes side by side
# with Kindred's. Usage: python3 - DATA_DIR DATASET... < sklearn.py
# Prints one JSON object per line: {"dataset", "pipeline", "ami"} with the
# median AMI of seeds 0, 1, 2 and k = number of labels.
import csv, json, statistics, sys, warnings
warnings.filterwarnings("ignore")
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_mutual_info_score as ami
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

def load(data, name):
    if name.startswith("csv:"):
        path = name[4:]
    elif name == "bbc-news":
        path = f"{data}/bbc-news/bbc_news.csv"
    else:
        path = f"{data}/sib200-dev/{name.split('/')[1]}.csv"
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["label"] for r in rows]

def words(lang):
    return TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5,
                           stop_words="english" if lang == "eng" else None)

def chars():
    return TfidfVectorizer(sublinear_tf=True, min_df=2, analyzer="char_wb", ngram_range=(2, 4))

def lsa_kmeans(vec, texts, k, seed):
    x = vec.fit_transform(texts)
    dims = min(100, x.shape[1] - 1)
    z = make_pipeline(TruncatedSVD(dims, random_state=seed), Normalizer(copy=False)).fit_transform(x)
    return KMeans(k, n_init=10, random_state=seed).fit_predict(z)

def nmf(vec, texts, k, seed):
    x = vec.fit_transform(texts)
    return NMF(k, init="nndsvda", random_state=seed, max_iter=400).fit_transform(x).argmax(axis=1)

PIPELINES = {
    "TF-IDF+LSA(100)+k-means": lambda t, k, s, lang: lsa_kmeans(words(lang), t, k, s),
    "TF-IDF+NMF": lambda t, k, s, lang: nmf(words(lang), t, k, s),
    "char 2-4 TF-IDF+LSA+k-means": lambda t, k, s, lang: lsa_kmeans(chars(), t, k, s),
}

def main():
    data, names = sys.argv[1], sys.argv[2:]
    for name in names:
        texts, labels = load(data, name)
        k = len(set(labels))
        lang = name.split("/")[1][:3] if name.startswith("sib200/") else "mixed"
        for pname, run in PIPELINES.items():
            scores = [ami(labels, run(texts, k, seed, lang)) for seed in (0, 1, 2)]
            print(json.dumps({"dataset": name, "pipeline": pname, "ami": statistics.median(scores)}), flush=True)

main()
