package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
)

// Introduction is a weaver's introduction of two members.
type Introduction struct {
	ID        int64
	A, B      int64
	AName     string
	BName     string
	Message   string
	AcceptedA bool
	AcceptedB bool
	TieID     int64
}

// CreateIntroduction records an introduction between members a and b by
// account `by`, and returns it with each member's secret acceptance link
// token (not stored; only hashes are).
func (tx *Tx) CreateIntroduction(ctx context.Context, a, b, by int64, message string) (intro Introduction, tokenA, tokenB string, err error) {
	message = strings.TrimSpace(message)
	var p kindred.Problems
	if a == b || a == 0 || b == 0 {
		p.Add("members", "choose two different members")
	}
	if utf8.RuneCountInString(message) > 1000 {
		p.Add("message", "is longer than 1,000 characters")
	}
	if err := p.Err(); err != nil {
		return intro, "", "", err
	}
	tokenA, hashA := kindred.NewSecret("")
	tokenB, hashB := kindred.NewSecret("")
	intro = Introduction{A: a, B: b, Message: message}
	intro.ID, err = tx.insertID(ctx, `INSERT INTO introductions (member_a, member_b, introduced_by, message, token_a, token_b, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a, b, nullInt(by), message, hashA, hashB, tx.now)
	if err != nil {
		return intro, "", "", fmt.Errorf("create introduction: %w", err)
	}
	return intro, tokenA, tokenB, nil
}

// AcceptIntroduction records that the holder of token accepts. When both
// have accepted, the introduction becomes an "introduced" tie. It returns the
// introduction; an unknown token is ENOTFOUND.
func (tx *Tx) AcceptIntroduction(ctx context.Context, token string) (Introduction, error) {
	hash := kindred.HashSecret(token)
	var in Introduction
	var accA, accB sql.NullTime
	var tie sql.NullInt64
	var tokA string
	err := tx.queryRow(ctx, `SELECT i.id, i.member_a, i.member_b, ma.name, mb.name, i.message, i.accepted_a, i.accepted_b, i.tie_id, i.token_a
		FROM introductions i JOIN members ma ON ma.id = i.member_a JOIN members mb ON mb.id = i.member_b
		WHERE i.token_a = ? OR i.token_b = ?`, hash, hash).Scan(&in.ID, &in.A, &in.B, &in.AName, &in.BName, &in.Message, &accA, &accB, &tie, &tokA)
	if err == sql.ErrNoRows {
		return in, kindred.Errorf(kindred.ENOTFOUND, "This introduction link is not valid. Check that you copied all of it.")
	}
	if err != nil {
		return in, fmt.Errorf("accept introduction: %w", err)
	}
	col := "accepted_b"
	if tokA == hash {
		col = "accepted_a"
		accA = sql.NullTime{Time: tx.now, Valid: true}
	} else {
		accB = sql.NullTime{Time: tx.now, Valid: true}
	}
	if _, err := tx.exec(ctx, `UPDATE introductions SET `+col+` = COALESCE(`+col+`, ?) WHERE id = ?`, tx.now, in.ID); err != nil {
		return in, fmt.Errorf("accept introduction: %w", err)
	}
	in.AcceptedA, in.AcceptedB, in.TieID = accA.Valid, accB.Valid, tie.Int64
	if in.AcceptedA && in.AcceptedB && in.TieID == 0 {
		return in, tx.introductionTie(ctx, &in)
	}
	return in, nil
}

func (tx *Tx) introductionTie(ctx context.Context, in *Introduction) error {
	id, err := tx.AddTie(ctx, kindred.Tie{A: in.A, B: in.B, Kind: kindred.TieIntroduced, Source: kindred.SourceIntroduction,
		SourceRef: "Introduction", Note: in.Message, HappenedOn: tx.now})
	if err != nil {
		return err
	}
	in.TieID = id
	_, err = tx.exec(ctx, `UPDATE introductions SET tie_id = ? WHERE id = ?`, id, in.ID)
	return err
}
