package embeddings

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Embedder turns texts into dense vectors, one per text, in order.
type Embedder interface {
	Embed(ctx context.Context, texts []string) ([][]float64, error)
}

// Remote calls an OpenAI-compatible /embeddings endpoint (for example a local
// Ollama at http://127.0.0.1:11434/v1). The caller (cmd/kindred) reads the
// URL and model from its configuration.
type Remote struct {
	URL    string // base URL; "/embeddings" is appended
	Model  string
	APIKey string // optional bearer token
	Client *http.Client
	Batch  int // texts per request; 64 when zero
}

type embedRequest struct {
	Model string   `json:"model"`
	Input []string `json:"input"`
}

type embedResponse struct {
	Data []struct {
		Index     int       `json:"index"`
		Embedding []float64 `json:"embedding"`
	} `json:"data"`
}

// Embed sends texts in batches and returns their vectors in input order.
// It returns an error if any request fails, the server answers a non-2xx
// status, or the answer does not hold one vector per text.
func (r *Remote) Embed(ctx context.Context, texts []string) ([][]float64, error) {
	batch := r.Batch
	if batch <= 0 {
		batch = 64
	}
	out := make([][]float64, 0, len(texts))
	for start := 0; start < len(texts); start += batch {
		end := min(start+batch, len(texts))
		vecs, err := r.embedBatch(ctx, texts[start:end])
		if err != nil {
			return nil, fmt.Errorf("embed texts %d-%d: %w", start, end-1, err)
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (r *Remote) embedBatch(ctx context.Context, texts []string) ([][]float64, error) {
	body, err := json.Marshal(embedRequest{Model: r.Model, Input: texts})
	if err != nil {
		return nil, fmt.Errorf("encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, r.URL+"/embeddings", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if r.APIKey != "" {
		req.Header.Set("Authorization", "Bearer "+r.APIKey)
	}
	client := r.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("post embeddings: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return nil, fmt.Errorf("embeddings endpoint answered %s: %s", resp.Status, bytes.TrimSpace(msg))
	}
	var er embedResponse
	if err := json.NewDecoder(resp.Body).Decode(&er); err != nil {
		return nil, fmt.Errorf("decode embeddings: %w", err)
	}
	if len(er.Data) != len(texts) {
		return nil, fmt.Errorf("embeddings endpoint returned %d vectors for %d texts", len(er.Data), len(texts))
	}
	out := make([][]float64, len(texts))
	for _, d := range er.Data {
		if d.Index < 0 || d.Index >= len(texts) || out[d.Index] != nil {
			return nil, fmt.Errorf("embeddings endpoint returned bad index %d", d.Index)
		}
		out[d.Index] = d.Embedding
	}
	return out, nil
}
