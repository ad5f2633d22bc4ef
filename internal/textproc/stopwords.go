package textproc

import "strings"

// latinLangs are the Latin-script languages DetectLang can recognise, in a
// fixed order so ties resolve the same way every run.
var latinLangs = []string{"en", "es", "fr", "pt", "de", "it", "nl", "sv", "no", "da", "fi", "tr", "id", "vi", "tl", "sw", "yo", "hu", "ro"}

// stopWords holds short function-word lists per language. They are read-only
// after package initialisation. The lists are deliberately small: TF-IDF
// down-weights the remaining frequent words anyway.
var stopWords = map[string]map[string]bool{}

func init() {
	for lang, words := range stopLists {
		m := make(map[string]bool)
		for _, w := range strings.Fields(words) {
			m[w] = true
		}
		stopWords[lang] = m
	}
}

// IsStopWord reports whether the lower-cased word is a stop word in lang.
func IsStopWord(lang, word string) bool { return stopWords[lang][word] }

// HasStopWords reports whether Kindred knows stop words for lang.
func HasStopWords(lang string) bool { return len(stopWords[lang]) > 0 }

var stopLists = map[string]string{
	"en": `a about above after again against all also am an and any are aren as at be because been before being
below between both but by can could couldn d did didn do does doesn doing don down during each even few for from
further had hadn has hasn have haven having he her here hers herself him himself his how however i if in into is
isn it its itself just ll m me might more most must my myself no nor not now o of off on once one only or other
our ours ourselves out over own re s said same say says she should so some such t than that the their theirs them
themselves then there these they this those through to too under until up us ve very was wasn we were weren what
when where which while who whom why will with won would wouldn y yet you your yours yourself yourselves also may
many much well get got go goes going make made like back still way ever every another around often`,
	"es": `a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e el ella
ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estaban estado estamos estan
estar estas este esto estos fue fueron fui ha habia han hasta hay la las le les lo los mas me mi mis mucho muchos
muy más ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien quienes qué se sea ser
si sido sin sobre son su sus también tanto te tiene tienen todo todos tu tus un una uno unos y ya él ésta está
están sí también cuál puede pueden según había habían podría solo sólo así cada otro dos tres cuyo sino`,
	"fr": `a au aux avec ce ces cet cette dans de des du elle elles en est et été être eu il ils je la le les leur
leurs lui ma mais me même mes moi mon ne nos notre nous on ont ou où par pas pour qu que qui sa se ses son sont
sur ta te tes toi ton tu un une vos votre vous y à ça c d j l m n s t était étaient sont ont aussi plus peut
peuvent comme très tout tous toute toutes entre sans sous après avant donc ainsi`,
	"pt": `a ao aos as até com como da das de dela dele deles do dos e ela elas ele eles em entre era eram essa
esse esta este eu foi foram há isso isto já lhe mais mas me mesmo meu minha muito na nas nem no nos nós num numa
não o os ou para pela pelas pelo pelos por qual quando que quem se sem ser seu seus sua suas são só também te tem
têm um uma umas uns você à às é está estão pode podem ter sobre ainda`,
	"de": `aber alle allem allen aller alles als also am an auch auf aus bei bin bis bist da damit dann das dass
dem den der des dich die dir doch du durch ein eine einem einen einer eines er es etwas für hat hatte hatten
ich ihm ihn ihnen ihr ihre im in ist ja jede jedem jeden jeder jedes kann kein keine man mehr mein meine mich mir
mit muss nach nicht noch nur ob oder ohne sehr sein seine sich sie sind so über um und uns unter vom von vor war
waren was weil wenn werden wie wir wird wo zu zum zur zwischen wurde wurden können kann diese dieser dieses`,
	"it": `a ad al alla alle allo anche che chi ci come con da dal dalla dei del della delle dello di e ed era
essere è gli ha hanno i il in la le lo loro ma mi nei nel nella non o per più quale quando quello questa questo
se si sono su sua sue suo suoi tra un una uno`,
	"nl": `aan al als bij dan dat de den der deze die dit door een en er had heb heeft het hij hoe hun ik in is
je kan maar me met mij na naar niet nog nu of om ook op over te tot u uit van veel voor was wat we wel werd
wie wij worden wordt zal ze zich zij zijn zo`,
	"sv": `och att det som en på är av för med till den har de inte om ett han men var jag sig från vi så kan man
när år säger hon under också efter eller nu sin där vid mot ska skulle kommer ut får finns vara hade alla andra`,
	"no": `og i det som en på er av for med til den har de ikke om et han men var jeg seg fra vi så kan man når
år sier hun under også etter eller nå sin der ved mot skal skulle kommer ut får finnes være hadde alle andre`,
	"da": `og i det at en den til er som på de med han af for ikke der var mig sig men et har om vi min havde
ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når`,
	"fi": `ja on ei se että oli hän ovat mutta kun tai myös sen ne niin joka jos sitä ole mitä vain kuin tämä
ovat olla ollut hänen heidän me te he minä sinä`,
	"tr": `ve bir bu da de için ile olarak daha çok en gibi ama veya ne o şu her kadar sonra ise mi mu ki`,
	"id": `yang dan di ke dari ini itu untuk dengan pada adalah dalam tidak akan juga atau oleh sebagai ada
mereka kami kita saya ia dia telah sudah bisa lebih`,
	"vi": `và của là có được cho các những trong một với không này đã người khi để từ thì cũng như về ra vào
nhiều đến lại theo sẽ tại do bị hay nên còn mà nhưng đó họ rằng`,
	"tl": `ang ng sa na at mga ay si ni kay para hindi may mayroon ito iyon siya sila kami tayo ako ka niya nila
kung dahil pero o rin din lamang lang ng mga nang ano`,
	"sw": `na ya wa za kwa ni la katika cha vya kuwa hiyo hii huo ili lakini au pia kama wao yeye sisi mimi
ambayo ambao baada kabla bado sana zaidi hizo kutoka hadi`,
	"yo": `ni ti si àti sí tí ó wọ́n mo o a fún pé kò láti tàbí nínú jẹ́ ń yìí náà rẹ̀ wa àwọn kan lè`,
	"hu": `a az és egy hogy nem is van volt meg de ez csak már mint még ki el ha vagy fel mert sem pedig`,
	"ro": `și în de la a cu pe din care este nu o un mai sunt ce se pentru fi ca sau au fost`,
	"ru": `и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот
от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам
ведь там потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего
раз тоже себе под будет ж тогда кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы
нее были куда зачем всех никогда можно при наконец два об другой хоть после над больше тот через эти нас про
всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой им
более всегда конечно всю между это также`,
	"ar": `في من على إلى عن مع أن إن كان كانت هذا هذه ذلك التي الذي الذين ما لا لم لن قد هو هي هم كما أو ثم بين
عند كل بعض غير حتى أي إذا لقد و ب ل ف تم وقد وفي ومن أنه فيها منها عليها`,
	"hi": `का की के में है और से को पर यह एक ने भी हैं था थे थी कि जो तो ही या इस उस वह वे इन उन कर गया गई
गए होता होती होते हो रहा रही रहे लिए साथ बाद तक कुछ अपने अपनी नहीं जब तब यदि लेकिन द्वारा करता करती करते
करने करना किया किए दिया दी दिए हुआ हुई हुए सकता सकती सकते जाता जाती जाते जा वाले वाली वाला उनके उनकी उसके उसकी
इसके इसकी किसी कोई आप तरह ज़्यादा ज्यादा अधिक बहुत कहा जैसे सभी अब`,
	"bn": `এবং ও এই যে সে তার তা করে হয় ছিল থেকে জন্য একটি এক না কিন্তু বা হয়েছে করা তিনি তারা এর সঙ্গে
সাথে দিয়ে পর মধ্যে কোন কোনো আর এটি সেই হবে যা`,
	"zh": `的 了 是 在 和 也 有 我们 它们 他们 你们 我 你 他 她 它 这 那 这个 那个 一个 可以 如果 可能 因为 所以 但是 而且
以及 或者 就 都 而 及 与 对 从 到 被 把 让 将 其 这些 那些 没有 不是 以 为 之 等 还 很 更 最 会 能 要 并 并且 通常 其中 已经`,
	"ko": `그 이 저 것 수 등 및 더 또 그리고 하지만 그러나 또는 있는 있다 한 할 하는 했다 된 되는 위해`,
}
