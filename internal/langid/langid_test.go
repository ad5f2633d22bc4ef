package langid

import (
	"testing"

	"github.com/kindredhq/kindred/internal/textproc"
)

func TestDetect(t *testing.T) {
	t.Parallel()
	d, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, hint, want string
	}{
		{"english", "The volunteers of the community garden said it was working for the families.", "", "en"},
		{"spanish", "Los voluntarios del huerto comunitario dijeron que funcionaba para las familias.", "", "es"},
		{"portuguese", "Os voluntários da horta comunitária disseram que estava funcionando para as famílias.", "", "pt"},
		{"french", "Les bénévoles du jardin partagé ont dit que cela marchait pour les familles.", "", "fr"},
		{"german", "Die Freiwilligen im Gemeinschaftsgarten sagten, dass es für die Familien funktioniert.", "", "de"},
		{"swahili", "Wajitolea wa bustani ya jamii walisema kwamba inafanya kazi kwa familia.", "", "sw"},
		{"vietnamese", "Các tình nguyện viên của khu vườn cộng đồng nói rằng nó có hiệu quả.", "", "vi"},
		{"yoruba", "Àwọn olùyọ̀ǹda ara ẹni ní ọgbà àdúgbò sọ pé ó ń ṣiṣẹ́.", "", "yo"},
		{"arabic", "قال المتطوعون في الحديقة المجتمعية إنها تعمل من أجل العائلات.", "", "ar"},
		{"hindi", "सामुदायिक बगीचे के स्वयंसेवकों ने कहा कि यह परिवारों के लिए काम कर रहा है।", "", "hi"},
		{"russian", "Волонтёры общественного сада сказали, что это работает для семей.", "", "ru"},
		{"chinese", "社区花园的志愿者说这对家庭很有帮助。", "", "zh"},
		{"japanese", "地域の庭のボランティアは家族のために役立っていると言いました。", "", "ja"},
		{"korean", "공동체 정원의 자원봉사자들은 가족들에게 도움이 된다고 말했다.", "", "ko"},
		{"hint agrees", "Los voluntarios del huerto dijeron que funcionaba.", "es", "es"},
		{"hint overruled by the text", "The volunteers of the community garden said it was working.", "es", "en"},
		{"hint when the text cannot tell", "Hotel Internet", "pt", "pt"},
		{"hint names a language of the script", "Волонтери громадського саду сказали, що це працює.", "uk", "uk"},
		{"hint as a FLORES code", "Los voluntarios del huerto dijeron que funcionaba.", "spa_Latn", "es"},
		{"numbers only, no hint", "12345 678", "", ""},
		{"numbers only, hint", "12345 678", "sw", "sw"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := d.Detect(textproc.Words(tt.text), tt.hint).Lang; got != tt.want {
				t.Errorf("Detect(%q, hint %q) = %q, want %q", tt.text, tt.hint, got, tt.want)
			}
		})
	}
}

func TestDetectWithoutLexicon(t *testing.T) {
	t.Parallel()
	d := New(nil)
	if got := d.Detect(textproc.Words("Los voluntarios del huerto dijeron que funcionaba para las familias."), "").Lang; got != "es" {
		t.Errorf("stop words alone: Detect = %q, want es", got)
	}
}
