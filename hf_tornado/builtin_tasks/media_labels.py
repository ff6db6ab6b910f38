"""Label sets and words of the image and audio models (data only).

Real label names, trimmed where the real set is large: an ImageNet-1k sample for ViT/ResNet
classifiers, the 80 COCO detection classes, an ADE20k sample for SegFormer, and the SUPERB
emotion set for the audio classifier (WIRE.md 1.6).
"""
from __future__ import annotations

IMAGENET = (
    "tabby, tabby cat", "tiger cat", "Egyptian cat", "Persian cat", "Siamese cat, Siamese",
    "golden retriever", "Labrador retriever", "German shepherd, German shepherd dog, German police dog, alsatian",
    "beagle", "pug, pug-dog", "Samoyed, Samoyede", "Border collie", "tiger, Panthera tigris",
    "lion, king of beasts, Panthera leo", "brown bear, bruin, Ursus arctos", "giant panda, panda, panda bear",
    "zebra", "African elephant, Loxodonta africana", "goldfish, Carassius auratus", "great white shark",
    "bald eagle, American eagle, Haliaeetus leucocephalus", "macaw", "hummingbird", "monarch, monarch butterfly",
    "ladybug, ladybeetle, lady beetle", "sports car, sport car", "convertible", "pickup, pickup truck",
    "mountain bike, all-terrain bike, off-roader", "airliner", "container ship, containership",
    "steam locomotive", "laptop, laptop computer", "desktop computer", "cellular telephone, cellular phone, cellphone, cell, mobile phone",
    "coffee mug", "teapot", "espresso", "pizza, pizza pie", "cheeseburger", "banana", "Granny Smith",
    "strawberry", "daisy", "sunflower", "volcano", "alp", "seashore, coast, seacoast, sea-coast",
    "lakeside, lakeshore", "valley, vale", "castle", "church, church building", "library",
    "bookcase", "studio couch, day bed", "dining table, board", "grand piano, grand", "acoustic guitar",
    "umbrella", "backpack, back pack, knapsack, packsack, rucksack, haversack", "sunglasses, dark glasses, shades",
    "wall clock", "traffic light, traffic signal, stoplight", "street sign", "hot air balloon",
)

COCO = (
    "person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat", "traffic light",
    "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog", "horse", "sheep", "cow",
    "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella", "handbag", "tie", "suitcase", "frisbee",
    "skis", "snowboard", "sports ball", "kite", "baseball bat", "baseball glove", "skateboard", "surfboard",
    "tennis racket", "bottle", "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple",
    "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch",
    "potted plant", "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard",
    "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase",
    "scissors", "teddy bear", "hair drier", "toothbrush",
)

COCO_PANOPTIC = COCO[:20] + ("sky", "tree", "grass", "road", "wall", "building", "sea", "sand", "mountain", "floor")

ADE20K = (
    "wall", "building", "sky", "floor", "tree", "ceiling", "road", "bed", "windowpane", "grass",
    "cabinet", "sidewalk", "person", "earth", "door", "table", "mountain", "plant", "curtain", "chair",
    "car", "water", "painting", "sofa", "shelf", "house", "sea", "mirror", "rug", "field", "armchair",
    "seat", "fence", "desk", "rock", "wardrobe", "lamp", "bathtub", "railing", "cushion",
)

FACE_PARTS = ("background", "skin", "nose", "eye_g", "l_eye", "r_eye", "l_brow", "r_brow", "l_ear", "r_ear", "mouth", "u_lip", "l_lip", "hair")

NSFW = ("normal", "nsfw")

SPEECH_EMOTIONS = ("neu", "hap", "ang", "sad")  # superb/hubert-base-superb-er
GENDER = ("female", "male")
AUDIOSET = (
    "Speech", "Music", "Singing", "Musical instrument", "Guitar", "Piano", "Drum", "Dog", "Bark", "Cat",
    "Bird", "Vehicle", "Car", "Engine", "Water", "Rain", "Wind", "Silence", "Applause", "Laughter",
)
SPOKEN_LANGUAGES = ("eng", "fra", "deu", "spa", "ita", "por", "nld", "rus", "cmn", "jpn", "kor", "ara", "hin", "tur")  # mms-lid (ISO 639-3)
WALDO = ("LightVehicle", "Person", "Building", "UPole", "Boat", "Bike", "Container", "Truck", "Gastank", "Digger", "Solarpanels", "Bus")
BODY_PARTS = (
    "Background", "Apparel", "Face_Neck", "Hair", "Left_Foot", "Left_Hand", "Left_Lower_Arm", "Left_Lower_Leg",
    "Left_Upper_Arm", "Left_Upper_Leg", "Lower_Clothing", "Right_Foot", "Right_Hand", "Right_Lower_Arm",
    "Right_Lower_Leg", "Right_Upper_Arm", "Right_Upper_Leg", "Torso", "Upper_Clothing",
)  # facebook/sapiens-seg (a sample of its 28 classes)
KEYWORDS = ("yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go", "_silence_", "_unknown_")

# Words for captions, answers and documents.
CAPTION_SUBJECTS = (
    "a cat", "a dog", "a man", "a woman", "two people", "a child", "a bird", "a red car", "a bicycle",
    "a bowl of fruit", "a cup of coffee", "a small boat", "a train", "a horse", "a group of people",
)
CAPTION_ACTIONS = (
    "sitting on", "standing next to", "lying on", "walking along", "looking at", "riding", "in front of",
    "near", "on top of", "parked by",
)
CAPTION_PLACES = (
    "a couch", "a wooden table", "the beach", "a city street", "a grassy field", "a snowy mountain",
    "a kitchen counter", "a window", "a river", "a park bench", "a brick wall", "the road",
)
COLORS = ("red", "blue", "green", "white", "black", "yellow", "brown", "gray", "orange", "pink")
VQA_OBJECTS = ("cat", "dog", "man", "woman", "car", "tree", "table", "phone", "ball", "book", "bird", "umbrella")
VQA_PLACES = ("kitchen", "street", "beach", "park", "living room", "field", "office", "bedroom")
