package themes

import (
	"errors"
	"math"
	"testing"
)

func TestAgreementMatchesScikitLearn(t *testing.T) {
	t.Parallel()
	// Expected values computed with scikit-learn 1.2.1
	// (adjusted_mutual_info_score, adjusted_rand_score).
	tests := []struct {
		name         string
		a, b         []int
		wantAMI, ari float64
	}{
		{"three vs three", []int{0, 0, 0, 1, 1, 1, 2, 2, 2, 2}, []int{1, 1, 0, 0, 2, 2, 2, 2, 2, 0}, 0.17514345624349298, 0.1366906474820144},
		{"five vs six", []int{0, 0, 1, 1, 2, 2, 3, 3, 0, 1, 2, 3, 4, 4, 4}, []int{5, 5, 5, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 9, 9}, 0.18032989502314672, 0.12972972972972974},
		{"identical up to names", []int{0, 0, 1, 1, 2}, []int{7, 7, 3, 3, 1}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := AMI(tt.a, tt.b)
			if err != nil || math.Abs(got-tt.wantAMI) > 1e-9 {
				t.Errorf("AMI = %v, %v; want %v", got, err, tt.wantAMI)
			}
			got, err = ARI(tt.a, tt.b)
			if err != nil || math.Abs(got-tt.ari) > 1e-9 {
				t.Errorf("ARI = %v, %v; want %v", got, err, tt.ari)
			}
		})
	}
}

func TestAgreementBadLengths(t *testing.T) {
	t.Parallel()
	if _, err := AMI([]int{1}, []int{1, 2}); !errors.Is(err, ErrLength) {
		t.Errorf("AMI error = %v, want ErrLength", err)
	}
	if _, err := ARI(nil, nil); !errors.Is(err, ErrLength) {
		t.Errorf("ARI error = %v, want ErrLength", err)
	}
}
