package curve

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// The test keys of libzmq's zmq_curve(7) manual page; pyzmq's
// zmq.curve_public confirms that each public key is its secret key's.
const (
	clientPublic = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID"
	clientSecret = "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"
	serverPublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
	serverSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
)

func TestParseKeyPair(t *testing.T) {
	tests := []struct {
		name, public, secret, wantErr string
	}{
		{"server pair", serverPublic, serverSecret, ""},
		{"client pair", clientPublic, clientSecret, ""},
		{"pair mismatch", clientPublic, serverSecret, "curve_publickey is not the public key of curve_secretkey"},
		{"short public", serverPublic[:39], serverSecret, "curve_publickey is 39 characters"},
		{"long secret", serverPublic, serverSecret + "0", "curve_secretkey is 41 characters"},
		{"bad z85 secret", serverPublic, "\"" + serverSecret[1:], "curve_secretkey: curve: not Z85: character 1"},
		{"empty", "", "", "curve_publickey is 0 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			kp, err := ParseKeyPair(tc.public, tc.secret)
			if tc.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if got, _ := Z85Encode(kp.Public[:]); got != tc.public {
					t.Fatalf("public %q, want %q", got, tc.public)
				}
				return
			}
			if !errors.Is(err, ErrKey) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want ErrKey saying %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), serverSecret[5:]) {
				t.Fatalf("error %q quotes the secret key", err)
			}
		})
	}
}

func TestKeyPairHidesSecret(t *testing.T) {
	kp, err := ParseKeyPair(serverPublic, serverSecret)
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		for _, v := range []any{kp, *kp} {
			s := fmt.Sprintf(verb, v)
			if strings.Contains(s, serverSecret) || strings.Contains(s, fmt.Sprint(kp.Secret[0:4])) || !strings.Contains(s, serverPublic) {
				t.Errorf("%s of %T prints %q: the secret, or not the public key", verb, v, s)
			}
		}
	}
}
